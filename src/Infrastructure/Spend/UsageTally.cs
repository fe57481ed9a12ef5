namespace LlmGateway.Infrastructure.Spend;

/// <summary>
/// Sums a usage report's records — each one group's use on one day — per group over the range, and per day as well when
/// the report is per day: the read side of both spend ledgers (Redis and in-memory), which differ only in where the
/// records come from.
/// </summary>
internal sealed class UsageTally(DateOnly firstDay, DateOnly lastDay, bool perDay)
{
    private readonly Dictionary<string, Group> _groups = new(StringComparer.Ordinal);

    public void Add(string group, DateOnly day, UsageCounts counts)
    {
        if (!_groups.TryGetValue(group, out var entry))
        {
            entry = new Group(perDay ? new UsageCounts[lastDay.DayNumber - firstDay.DayNumber + 1] : null);
            _groups.Add(group, entry);
        }

        entry.Total += counts;
        if (entry.Days is { } days)
        {
            days[day.DayNumber - firstDay.DayNumber] += counts;
        }
    }

    /// <summary>The groups as report rows, the most expensive first (then by name); each with its days with use, in order, when per day.</summary>
    public IReadOnlyList<UsageRow> ToRows() =>
    [
        .. _groups
            .Select(g => new UsageRow(g.Key, g.Value.Total.Requests, g.Value.Total.InputTokens, g.Value.Total.OutputTokens, g.Value.Total.CostNanos, DaysOf(g.Value)))
            .OrderByDescending(r => r.CostNanos)
            .ThenBy(r => r.Group, StringComparer.Ordinal),
    ];

    private List<UsageDay>? DaysOf(Group group)
    {
        if (group.Days is not { } days)
        {
            return null;
        }

        var used = new List<UsageDay>();
        for (var i = 0; i < days.Length; i++)
        {
            if (days[i] != default)
            {
                used.Add(new UsageDay(firstDay.AddDays(i), days[i].Requests, days[i].InputTokens, days[i].OutputTokens, days[i].CostNanos));
            }
        }

        return used;
    }

    private sealed class Group(UsageCounts[]? days)
    {
        public UsageCounts Total { get; set; }

        public UsageCounts[]? Days { get; } = days;
    }
}

/// <summary>Requests, input and output tokens and cost (nano-dollars) of one group, summed.</summary>
internal readonly record struct UsageCounts(long Requests, long InputTokens, long OutputTokens, long CostNanos)
{
    public static UsageCounts operator +(UsageCounts a, UsageCounts b) =>
        new(a.Requests + b.Requests, a.InputTokens + b.InputTokens, a.OutputTokens + b.OutputTokens, a.CostNanos + b.CostNanos);
}
