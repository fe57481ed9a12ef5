using LlmGateway.Application;
using LlmGateway.Infrastructure.Spend;

namespace LlmGateway.Infrastructure.InMemory;

/// <summary>
/// The spend ledger of one process, with the Redis adapter's semantics: token windows per clock minute, budgets per
/// UTC day or month, the usage record per UTC day. One lock keeps each reservation all-or-nothing; exact within one
/// process. The usage record is lost with the process (docs/operations.md).
/// </summary>
internal sealed class InMemorySpendLedger(TimeProvider time, IOptions<GatewayOptions> options) : ISpendLedger
{
    private const long WindowMs = 60_000;

    private readonly object _lock = new();
    private readonly Dictionary<string, (long Window, long Tokens)> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _budgets = new(StringComparer.Ordinal);
    private readonly Dictionary<UsageCell, UsageCounts> _usage = [];
    private readonly int _retentionDays = options.Value.SpendRetentionDays;
    private DateOnly _lastSweep;

    public ValueTask<SpendAdmission> ReserveAsync(SpendReservation reservation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var window = nowMs / WindowMs;
        var retryAt = DateTimeOffset.FromUnixTimeMilliseconds((window + 1) * WindowMs);
        var periodId = reservation.Budget?.PeriodId(now);
        lock (_lock)
        {
            var tightestLimit = 0;
            var tightestLeft = long.MaxValue;
            for (var scope = SpendScope.Key; scope <= SpendScope.Team; scope++)
            {
                var limit = LimitOf(reservation, scope);
                if (limit <= 0)
                {
                    continue;
                }

                var used = Used(WindowKey(reservation, scope), window);
                if (used + reservation.Tokens > limit)
                {
                    return Result(new SpendAdmission(SpendVerdict.TokensExceeded, window, retryAt, scope, limit, (int)Math.Max(0, limit - used)));
                }

                if (limit - used - reservation.Tokens < tightestLeft)
                {
                    tightestLimit = limit;
                    tightestLeft = limit - used - reservation.Tokens;
                }
            }

            var budgetKey = reservation.Budget is null ? null : BudgetKey(reservation.KeyId!, periodId!);
            if (budgetKey is not null && _budgets.GetValueOrDefault(budgetKey) + reservation.CostNanos > reservation.Budget!.AmountNanos)
            {
                return Result(new SpendAdmission(SpendVerdict.BudgetExceeded, window, reservation.Budget.PeriodEnd(now)));
            }

            for (var scope = SpendScope.Key; scope <= SpendScope.Team; scope++)
            {
                if (LimitOf(reservation, scope) > 0)
                {
                    Add(WindowKey(reservation, scope), window, reservation.Tokens);
                }
            }

            if (budgetKey is not null)
            {
                _budgets[budgetKey] = _budgets.GetValueOrDefault(budgetKey) + reservation.CostNanos;
            }

            return Result(new SpendAdmission(SpendVerdict.Admitted, window, retryAt, SpendScope.None, tightestLimit, tightestLimit == 0 ? 0 : (int)tightestLeft)
            {
                BudgetPeriodId = periodId,
            });
        }

        static ValueTask<SpendAdmission> Result(SpendAdmission admission) => ValueTask.FromResult(admission);
    }

    public void Settle(SpendReservation reservation, SpendAdmission admission, SpendUse use)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        lock (_lock)
        {
            Correct(reservation, admission, use.InputTokens + use.OutputTokens - (long)reservation.Tokens, use.CostNanos - reservation.CostNanos);
            var counts = new UsageCounts(1, use.InputTokens, use.OutputTokens, use.CostNanos);
            AddUsage(new UsageCell(today, reservation.TeamId, UsageGrouping.Team, reservation.TeamId), counts);
            AddUsage(new UsageCell(today, reservation.TeamId, UsageGrouping.User, reservation.UserId), counts);
            AddUsage(new UsageCell(today, reservation.TeamId, UsageGrouping.Key, reservation.KeyId ?? UsageRow.NoKey), counts);
            AddUsage(new UsageCell(today, reservation.TeamId, UsageGrouping.Model, reservation.Model), counts);
            Sweep(today);
        }
    }

    public void Release(SpendReservation reservation, SpendAdmission admission)
    {
        lock (_lock)
        {
            Correct(reservation, admission, -reservation.Tokens, -reservation.CostNanos);
        }
    }

    public ValueTask<IReadOnlyList<UsageRow>> ReadUsageAsync(UsageGrouping groupBy, DateOnly firstDay, DateOnly lastDay, string? team, bool perDay, CancellationToken cancellationToken)
    {
        var tally = new UsageTally(firstDay, lastDay, perDay);
        lock (_lock)
        {
            foreach (var (cell, counts) in _usage)
            {
                if (cell.Grouping == groupBy && cell.Day >= firstDay && cell.Day <= lastDay && (team is null || cell.Team == team))
                {
                    tally.Add(cell.Name, cell.Day, counts);
                }
            }
        }

        return ValueTask.FromResult(tally.ToRows());
    }

    private void Correct(SpendReservation reservation, SpendAdmission admission, long tokenDelta, long costDelta)
    {
        if (!admission.Reserved)
        {
            return;
        }

        for (var scope = SpendScope.Key; scope <= SpendScope.Team; scope++)
        {
            var key = LimitOf(reservation, scope) > 0 ? WindowKey(reservation, scope) : null;
            if (key is not null && _windows.TryGetValue(key, out var entry) && entry.Window == admission.Window)
            {
                _windows[key] = (entry.Window, Math.Max(0, entry.Tokens + tokenDelta));
            }
        }

        if (reservation.Budget is not null && admission.BudgetPeriodId is { } period)
        {
            var key = BudgetKey(reservation.KeyId!, period);
            _budgets[key] = Math.Max(0, _budgets.GetValueOrDefault(key) + costDelta);
        }
    }

    private long Used(string key, long window) => _windows.TryGetValue(key, out var entry) && entry.Window == window ? entry.Tokens : 0;

    private void Add(string key, long window, long tokens) => _windows[key] = (window, Used(key, window) + tokens);

    private void AddUsage(UsageCell cell, UsageCounts counts) => _usage[cell] = _usage.GetValueOrDefault(cell) + counts;

    // Once a day: windows of past minutes, budgets of past periods and usage past the retention go.
    private void Sweep(DateOnly today)
    {
        if (_lastSweep == today)
        {
            return;
        }

        _lastSweep = today;
        var window = time.GetUtcNow().ToUnixTimeMilliseconds() / WindowMs;
        foreach (var (key, entry) in _windows.ToList())
        {
            if (entry.Window < window)
            {
                _windows.Remove(key);
            }
        }

        var oldest = today.AddDays(-_retentionDays);
        foreach (var cell in _usage.Keys.ToList())
        {
            if (cell.Day < oldest)
            {
                _usage.Remove(cell);
            }
        }

        var day = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var month = day[..7];
        foreach (var key in _budgets.Keys.ToList())
        {
            if (!key.EndsWith(day, StringComparison.Ordinal) && !key.EndsWith(month, StringComparison.Ordinal))
            {
                _budgets.Remove(key);
            }
        }
    }

    private static int LimitOf(SpendReservation reservation, SpendScope scope) => scope switch
    {
        SpendScope.Key => reservation.KeyId is null ? 0 : reservation.KeyTokensPerMinute,
        SpendScope.User => reservation.UserTokensPerMinute,
        _ => reservation.TeamTokensPerMinute,
    };

    private static string WindowKey(SpendReservation reservation, SpendScope scope) => scope switch
    {
        SpendScope.Key => "k:" + reservation.KeyId,
        SpendScope.User => "u:" + reservation.UserId,
        _ => "t:" + reservation.TeamId,
    };

    private static string BudgetKey(string keyId, string periodId) => keyId + ":" + periodId;

    private readonly record struct UsageCell(DateOnly Day, string Team, UsageGrouping Grouping, string Name);
}
