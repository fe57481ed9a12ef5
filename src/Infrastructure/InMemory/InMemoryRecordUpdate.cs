using System.Collections.Concurrent;

namespace LlmGateway.Infrastructure.InMemory;

/// <summary>The in-memory counterpart of the Redis stores' update: change a record only over exactly what was read, else read again.</summary>
internal static class InMemoryRecordUpdate
{
    /// <summary>Null when there is no record; the record as it was when <paramref name="change"/> left it alone.</summary>
    public static ValueTask<T?> UpdateAsync<T>(ConcurrentDictionary<string, T> records, string id, Func<T, T> change)
        where T : class
    {
        while (records.TryGetValue(id, out var current))
        {
            var changed = change(current);
            if (ReferenceEquals(changed, current) || records.TryUpdate(id, changed, current))
            {
                return ValueTask.FromResult<T?>(changed);
            }
        }

        return ValueTask.FromResult<T?>(null);
    }
}
