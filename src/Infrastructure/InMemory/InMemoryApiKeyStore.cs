using System.Collections.Concurrent;

namespace LlmGateway.Infrastructure.InMemory;

internal sealed class InMemoryApiKeyStore() : InMemoryRecordStore<ApiKeyRecord>(static key => key.Id), IApiKeyStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastUses = new(StringComparer.Ordinal);

    public ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ApiKeyRecord>>([.. Records.Values]);

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
