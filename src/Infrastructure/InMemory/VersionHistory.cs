namespace LlmGateway.Infrastructure.InMemory;

/// <summary>
/// One document's versions kept in this process (the global policy, or one team's overlay), newest first, the last
/// <see cref="HistoryLimit"/> of them. Not thread-safe: its store holds its lock around every call.
/// </summary>
internal sealed class VersionHistory<TRecord>(Func<TRecord, long> versionOf)
    where TRecord : class
{
    public const int HistoryLimit = 100;

    private readonly LinkedList<TRecord> _records = new();

    /// <summary>The live version, or null before the first.</summary>
    public TRecord? Live => _records.First?.Value;

    /// <summary>The live version's number; 0 before the first.</summary>
    public long LiveVersion => Live is { } live ? versionOf(live) : 0;

    public TRecord? Find(long version)
    {
        foreach (var record in _records)
        {
            if (versionOf(record) == version)
            {
                return record;
            }
        }

        return null;
    }

    public IReadOnlyList<TRecord> Newest(int limit) => [.. _records.Take(limit)];

    /// <summary>Makes <paramref name="record"/> the live version, dropping the oldest past the limit.</summary>
    public void Add(TRecord record)
    {
        _records.AddFirst(record);
        if (_records.Count > HistoryLimit)
        {
            _records.RemoveLast();
        }
    }
}
