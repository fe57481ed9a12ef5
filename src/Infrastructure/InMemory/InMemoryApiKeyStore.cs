using System.Collections.Concurrent;

namespace LlmGateway.Infrastructure.InMemory;

internal sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);

    public ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_keys.TryGetValue(keyId, out var record) ? record : null);

    public ValueTask<bool> TryAddAsync(ApiKeyRecord record, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_keys.TryAdd(record.Id, record));

    public ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ApiKeyRecord>>([.. _keys.Values]);

    public ValueTask<ApiKeyRecord?> RevokeAsync(string keyId, DateTimeOffset revokedAt, string revokedBy, CancellationToken cancellationToken)
    {
        while (_keys.TryGetValue(keyId, out var current))
        {
            if (current.RevokedAt is not null)
            {
                return ValueTask.FromResult<ApiKeyRecord?>(current);
            }

            var revoked = current with { RevokedAt = revokedAt, RevokedBy = revokedBy };
            if (_keys.TryUpdate(keyId, revoked, current))
            {
                return ValueTask.FromResult<ApiKeyRecord?>(revoked);
            }
        }

        return ValueTask.FromResult<ApiKeyRecord?>(null);
    }
}
