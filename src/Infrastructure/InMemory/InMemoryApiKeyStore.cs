using System.Collections.Concurrent;

namespace LlmGateway.Infrastructure.InMemory;

internal sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUses = new(StringComparer.Ordinal);

    public ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_keys.TryGetValue(keyId, out var record) ? record : null);

    public ValueTask<bool> TryAddAsync(ApiKeyRecord record, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_keys.TryAdd(record.Id, record));

    public ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ApiKeyRecord>>([.. _keys.Values]);

    public ValueTask<ApiKeyRecord?> UpdateAsync(string keyId, Func<ApiKeyRecord, ApiKeyRecord> change, CancellationToken cancellationToken) =>
        InMemoryRecordUpdate.UpdateAsync(_keys, keyId, change);

    public void RecordUse(string keyId, DateTimeOffset at) => _lastUses[keyId] = at;

    public ValueTask<IReadOnlyDictionary<string, DateTimeOffset>> LastUsesAsync(IReadOnlyList<string> keyIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var id in keyIds)
        {
            if (_lastUses.TryGetValue(id, out var at))
            {
                found[id] = at;
            }
        }

        return ValueTask.FromResult<IReadOnlyDictionary<string, DateTimeOffset>>(found);
    }
}
