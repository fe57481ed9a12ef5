using System.Globalization;
using FluentValidation;

namespace LlmGateway.Application.Spend;

/// <summary>
/// Requests, input and output tokens and cost per team, user, key or model over whole UTC days, and per day within them
/// when asked. An admin sees every team; any other caller allowed here (a team admin) sees only their own team's usage.
/// </summary>
/// <param name="GroupBy"><c>team</c>, <c>user</c>, <c>key</c> or <c>model</c>; null: team.</param>
/// <param name="From">The first day, <c>yyyy-MM-dd</c>; null: 29 days before <paramref name="To"/>.</param>
/// <param name="To">The last day, <c>yyyy-MM-dd</c>; null: today (UTC).</param>
/// <param name="Interval"><c>day</c>: each group (and the total) also per UTC day; null: over the whole range only.</param>
public sealed record GetUsageQuery(Caller Caller, RequestContext Context, string? GroupBy, string? From, string? To, string? Interval = null)
    : IQuery<Result<UsageReport>>, IRequiresTeamAdmin, IUsageStoreRequest, IValidatedRequest
{
    public const int MaxDays = 366;
    public const int DefaultDays = 30;

    public const string DayInterval = "day";

    internal static bool TryParseGrouping(string? value, out UsageGrouping grouping)
    {
        grouping = value switch
        {
            null or "team" => UsageGrouping.Team,
            "user" => UsageGrouping.User,
            "key" => UsageGrouping.Key,
            "model" => UsageGrouping.Model,
            _ => (UsageGrouping)(-1),
        };
        return grouping >= 0;
    }

    /// <summary>A day of the years 2000 to 2999: far enough from DateOnly's ends that the range arithmetic never overflows.</summary>
    internal static bool TryParseDay(string? value, out DateOnly day) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) && day.Year is >= 2000 and <= 2999;
}

/// <param name="Team">The team the report is limited to; null for every team.</param>
/// <param name="PerDay">Each group has its days (<see cref="UsageRow.Days"/>), and so has <see cref="Total"/>.</param>
public sealed record UsageReport(UsageGrouping GroupBy, DateOnly From, DateOnly To, string? Team, IReadOnlyList<UsageRow> Groups, bool PerDay)
{
    /// <summary>The sum of the groups, named <c>total</c>; per day as well when the report is.</summary>
    public UsageRow Total { get; } = Sum(Groups, PerDay);

    private static UsageRow Sum(IReadOnlyList<UsageRow> groups, bool perDay)
    {
        long requests = 0, input = 0, output = 0, cost = 0;
        var days = perDay ? new SortedDictionary<DateOnly, UsageDay>() : null;
        foreach (var row in groups)
        {
            requests += row.Requests;
            input += row.InputTokens;
            output += row.OutputTokens;
            cost += row.CostNanos;
            if (days is null || row.Days is null)
            {
                continue;
            }

            foreach (var day in row.Days)
            {
                days[day.Day] = days.TryGetValue(day.Day, out var sum)
                    ? new UsageDay(day.Day, sum.Requests + day.Requests, sum.InputTokens + day.InputTokens, sum.OutputTokens + day.OutputTokens, sum.CostNanos + day.CostNanos)
                    : day;
            }
        }

        return new UsageRow("total", requests, input, output, cost, days is null ? null : [.. days.Values]);
    }
}

public sealed class GetUsageQueryValidator : AbstractValidator<GetUsageQuery>
{
    public GetUsageQueryValidator()
    {
        RuleFor(q => q.GroupBy)
            .Must(value => GetUsageQuery.TryParseGrouping(value, out _))
            .WithMessage("group_by must be team, user, key or model.")
            .OverridePropertyName("group_by");
        RuleFor(q => q.From)
            .Must(value => value is null || GetUsageQuery.TryParseDay(value, out _))
            .WithMessage("from must be a date, yyyy-MM-dd, in the years 2000 to 2999.")
            .OverridePropertyName("from");
        RuleFor(q => q.To)
            .Must(value => value is null || GetUsageQuery.TryParseDay(value, out _))
            .WithMessage("to must be a date, yyyy-MM-dd, in the years 2000 to 2999.")
            .OverridePropertyName("to");
        RuleFor(q => q.Interval)
            .Must(value => value is null or GetUsageQuery.DayInterval)
            .WithMessage("interval must be day (or left out for the whole range only).")
            .OverridePropertyName("interval");
        RuleFor(q => q)
            .Must(q => !GetUsageQuery.TryParseDay(q.From, out var from) || !GetUsageQuery.TryParseDay(q.To, out var to) || (from <= to && to.DayNumber - from.DayNumber < GetUsageQuery.MaxDays))
            .WithMessage($"from must not be after to, and the range at most {GetUsageQuery.MaxDays} days.")
            .OverridePropertyName("from");
    }
}

public sealed class GetUsageQueryHandler(ISpendLedger ledger, TimeProvider time) : IQueryHandler<GetUsageQuery, Result<UsageReport>>
{
    public async ValueTask<Result<UsageReport>> Handle(GetUsageQuery query, CancellationToken cancellationToken)
    {
        var grouping = GetUsageQuery.TryParseGrouping(query.GroupBy, out var parsed) ? parsed : UsageGrouping.Team; // validated
        var to = GetUsageQuery.TryParseDay(query.To, out var lastDay) ? lastDay : DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = GetUsageQuery.TryParseDay(query.From, out var firstDay) ? firstDay : to.AddDays(1 - GetUsageQuery.DefaultDays);
        if (to.DayNumber - from.DayNumber >= GetUsageQuery.MaxDays)
        {
            from = to.AddDays(1 - GetUsageQuery.MaxDays); // only "to" given, far from the default range
        }

        // An admin sees every team; anyone else this query admits sees their own team only.
        var team = query.Caller.Role == Role.Admin ? null : query.Caller.TeamId;
        var perDay = query.Interval == GetUsageQuery.DayInterval;
        var rows = await ledger.ReadUsageAsync(grouping, from, to, team, perDay, cancellationToken);
        return Result<UsageReport>.Success(new UsageReport(grouping, from, to, team, rows, perDay));
    }
}
