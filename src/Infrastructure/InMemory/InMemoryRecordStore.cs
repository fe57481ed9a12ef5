using System.Collections.Concurrent;

namespace LlmGateway.Infrastructure.InMemory;

/// <summary>
/// The in-memory counterpart of <see cref="Redis.RedisJsonRecords{T}"/>: records by id in one dictionary, changed only
/// over exactly what was read (else read again), like the Redis stores' compare-and-write.
/// </summary>
internal abstract class InMemoryRecordStore<T>(Func<T, string> idOf) : IRecordStore<T>
    where T : class
{
    protected ConcurrentDictionary<string, T> Records { get; } = new(StringComparer.Ordinal);

    public ValueTask<T?> FindAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Records.TryGetValue(id, out var record) ? record : null);

    public ValueTask<bool> TryAddAsync(T record, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Records.TryAdd(idOf(record), record));

    /// <summary>Adds or replaces the record.</summary>
    public ValueTask UpsertAsync(T record, CancellationToken cancellationToken)
    {
        Records[idOf(record)] = record;
        return ValueTask.CompletedTask;
    }

    /// <summary>Null when there is no record; the record as it was when <paramref name="change"/> left it alone.</summary>
    public ValueTask<T?> UpdateAsync(string id, Func<T, T> change, CancellationToken cancellationToken)
    {
        while (Records.TryGetValue(id, out var current))
        {
            var changed = change(current);
            if (ReferenceEquals(changed, current) || Records.TryUpdate(id, changed, current))
            {
                return ValueTask.FromResult<T?>(changed);
            }
        }

        return ValueTask.FromResult<T?>(null);
    }

    /// <summary>Removes the record; false when there was none.</summary>
    public ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(Records.TryRemove(id, out _));
}
