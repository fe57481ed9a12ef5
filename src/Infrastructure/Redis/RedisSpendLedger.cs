using System.Globalization;
using LlmGateway.Application;
using LlmGateway.Infrastructure.Spend;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// Token windows, budgets and the daily usage record in Redis, shared by every instance. A reservation is one script
/// that checks every limit and, only when all have room, adds the request to each — so N instances admit exactly what
/// one would. The minute comes from Redis' clock (TIME), so instance clocks do not matter. A settlement is one script
/// that corrects the reservation to the use and adds the use to the day's record; it is not awaited by the request.
/// Every key carries the hash tag <c>{spend}</c> (the scripts touch them together, and derive the minute's keys from
/// declared base keys), so on Redis Cluster all spend lives on one shard. Reserving fails open, like the rate limiter.
/// </summary>
internal sealed class RedisSpendLedger(RedisConnection redis, TimeProvider time, IOptions<GatewayOptions> options) : ISpendLedger
{
    // KEYS[1..3]: the key's, user's and team's token-window base keys; KEYS[4]: the key's budget for the period.
    // ARGV[1]: tokens; ARGV[2..4]: the three limits (0: not applied); ARGV[5]: cost; ARGV[6]: budget (0: none);
    // ARGV[7]: the budget key's lifetime in seconds.
    // Returns {verdict (0 admitted, 1 tokens, 2 budget), minute, ms until the next minute, refusing scope (1..3),
    // the tightest limit, tokens left in it}.
    private static readonly RedisScript ReserveScript = new("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local minute = math.floor(now / 60000)
        local wait = (minute + 1) * 60000 - now
        local tokens = tonumber(ARGV[1])
        local limit_min, left_min = 0, -1
        for i = 1, 3 do
          local limit = tonumber(ARGV[i + 1])
          if limit > 0 then
            local used = tonumber(redis.call('GET', KEYS[i] .. ':' .. minute) or '0')
            if used + tokens > limit then
              return {1, minute, wait, i, limit, math.max(0, limit - used)}
            end
            if left_min < 0 or limit - used - tokens < left_min then
              limit_min = limit
              left_min = limit - used - tokens
            end
          end
        end
        local cost = tonumber(ARGV[5])
        local budget = tonumber(ARGV[6])
        if budget > 0 and tonumber(redis.call('GET', KEYS[4]) or '0') + cost > budget then
          return {2, minute, wait, 0, 0, 0}
        end
        for i = 1, 3 do
          if tonumber(ARGV[i + 1]) > 0 then
            local key = KEYS[i] .. ':' .. minute
            redis.call('INCRBY', key, tokens)
            redis.call('PEXPIRE', key, 120000)
          end
        end
        if budget > 0 then
          redis.call('INCRBY', KEYS[4], ARGV[5])
          redis.call('EXPIRE', KEYS[4], ARGV[7])
        end
        return {0, minute, wait, 0, limit_min, math.max(0, left_min)}
        """);

    // KEYS[1..3]: token-window base keys; KEYS[4]: budget key; KEYS[5]: the day's usage hash of the team; KEYS[6]: the
    // day's set of teams. ARGV[1]: the reservation's minute (0: nothing reserved); ARGV[2]: token correction;
    // ARGV[3..5]: 1 where a window was reserved; ARGV[6]: cost correction; ARGV[7]: 1 when the budget was reserved;
    // ARGV[8]: 1 to record the use; ARGV[9..12]: team, user, key, model; ARGV[13..15]: input, output, cost;
    // ARGV[16]: the usage record's lifetime in seconds.
    private static readonly RedisScript SettleScript = new("""
        if ARGV[1] ~= '0' then
          for i = 1, 3 do
            local key = KEYS[i] .. ':' .. ARGV[1]
            if ARGV[i + 2] == '1' and redis.call('EXISTS', key) == 1 then
              if redis.call('INCRBY', key, ARGV[2]) < 0 then redis.call('SET', key, 0, 'KEEPTTL') end
            end
          end
          if ARGV[7] == '1' and redis.call('EXISTS', KEYS[4]) == 1 then
            if redis.call('INCRBY', KEYS[4], ARGV[6]) < 0 then redis.call('SET', KEYS[4], 0, 'KEEPTTL') end
          end
        end
        if ARGV[8] == '1' then
          local groups = {'team|' .. ARGV[9], 'user|' .. ARGV[10], 'key|' .. ARGV[11], 'model|' .. ARGV[12]}
          for _, group in ipairs(groups) do
            redis.call('HINCRBY', KEYS[5], group .. '|r', 1)
            redis.call('HINCRBY', KEYS[5], group .. '|i', ARGV[13])
            redis.call('HINCRBY', KEYS[5], group .. '|o', ARGV[14])
            redis.call('HINCRBY', KEYS[5], group .. '|c', ARGV[15])
          end
          redis.call('EXPIRE', KEYS[5], ARGV[16])
          redis.call('SADD', KEYS[6], ARGV[9])
          redis.call('EXPIRE', KEYS[6], ARGV[16])
        end
        return 1
        """);

    private static readonly string[] GroupNames = ["team", "user", "key", "model"];

    private readonly long _retentionSeconds = options.Value.SpendRetentionDays * 86_400L;

    public async ValueTask<SpendAdmission> ReserveAsync(SpendReservation reservation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!redis.Breaker.TryEnter())
        {
            return FailedOpen(now);
        }

        var periodId = reservation.Budget?.PeriodId(now);
        try
        {
            var result = (RedisResult[])(await ReserveScript.EvaluateAsync(
                redis.Database,
                Keys(reservation, periodId),
                [
                    reservation.Tokens,
                    reservation.KeyId is null ? 0 : reservation.KeyTokensPerMinute,
                    reservation.UserTokensPerMinute,
                    reservation.TeamTokensPerMinute,
                    reservation.CostNanos,
                    reservation.Budget?.AmountNanos ?? 0,
                    reservation.Budget is null ? 0 : (long)(reservation.Budget.PeriodEnd(now) - now).TotalSeconds + 86_400,
                ]))!;
            redis.Breaker.RecordSuccess();
            var minute = (long)result[1];
            var retryAt = now.AddMilliseconds((long)result[2]);
            return (long)result[0] switch
            {
                0 => new SpendAdmission(SpendVerdict.Admitted, minute, retryAt, SpendScope.None, (int)result[4], (int)result[5]) { BudgetPeriodId = periodId },
                1 => new SpendAdmission(SpendVerdict.TokensExceeded, minute, retryAt, (SpendScope)(int)result[3], (int)result[4], (int)result[5]),
                _ => new SpendAdmission(SpendVerdict.BudgetExceeded, minute, reservation.Budget!.PeriodEnd(now)),
            };
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
            return FailedOpen(now);
        }
    }

    public void Settle(SpendReservation reservation, SpendAdmission admission, SpendUse use) =>
        _ = CorrectAsync(reservation, admission, use.InputTokens + use.OutputTokens - (long)reservation.Tokens, use.CostNanos - reservation.CostNanos, use);

    public void Release(SpendReservation reservation, SpendAdmission admission)
    {
        if (admission.Reserved)
        {
            _ = CorrectAsync(reservation, admission, -reservation.Tokens, -reservation.CostNanos, use: null);
        }
    }

    public async ValueTask<IReadOnlyList<UsageRow>> ReadUsageAsync(UsageGrouping groupBy, DateOnly firstDay, DateOnly lastDay, string? team, bool perDay, CancellationToken cancellationToken)
    {
        var days = new List<DateOnly>();
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            days.Add(day);
        }

        return await redis.CallOrThrowAsync(
            async database =>
            {
                // Each phase's commands leave together: two round trips for the whole range.
                var teamsPerDay = team is null
                    ? await Task.WhenAll(days.Select(day => database.SetMembersAsync(redis.Keys.UsageTeams(Day(day)))))
                    : [.. days.Select(_ => new RedisValue[] { team })];
                var reads = new List<Task<HashEntry[]>>();
                var readDays = new List<DateOnly>();
                for (var i = 0; i < days.Count; i++)
                {
                    foreach (var member in teamsPerDay[i])
                    {
                        reads.Add(database.HashGetAllAsync(redis.Keys.Usage(Day(days[i]), member.ToString())));
                        readDays.Add(days[i]);
                    }
                }

                var tally = new UsageTally(firstDay, lastDay, perDay);
                var prefix = GroupNames[(int)groupBy] + "|";
                var records = await Task.WhenAll(reads);
                for (var i = 0; i < records.Length; i++)
                {
                    foreach (var entry in records[i])
                    {
                        var field = entry.Name.ToString();
                        if (field.StartsWith(prefix, StringComparison.Ordinal) && field.Length > prefix.Length + 2)
                        {
                            var value = (long)entry.Value;
                            var counts = field[^1] switch
                            {
                                'r' => new UsageCounts(value, 0, 0, 0),
                                'i' => new UsageCounts(0, value, 0, 0),
                                'o' => new UsageCounts(0, 0, value, 0),
                                _ => new UsageCounts(0, 0, 0, value),
                            };
                            tally.Add(field[prefix.Length..^2], readDays[i], counts);
                        }
                    }
                }

                return tally.ToRows();
            },
            "the usage report cannot be read");
    }

    private async Task CorrectAsync(SpendReservation reservation, SpendAdmission admission, long tokenDelta, long costDelta, SpendUse? use)
    {
        // Never waited for: the outcome only feeds the breaker. A lost settlement leaves the reservation counted (the
        // safe side for limits and budgets) and the request missing from the usage record.
        if (!redis.Breaker.IsClosed)
        {
            return;
        }

        var today = Day(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var reserved = admission.Reserved;
        try
        {
            await SettleScript.EvaluateAsync(
                redis.Database,
                [.. Keys(reservation, admission.BudgetPeriodId), redis.Keys.Usage(today, reservation.TeamId), redis.Keys.UsageTeams(today)],
                [
                    reserved ? admission.Window : 0,
                    tokenDelta,
                    reserved && reservation.KeyId is not null && reservation.KeyTokensPerMinute > 0 ? 1 : 0,
                    reserved && reservation.UserTokensPerMinute > 0 ? 1 : 0,
                    reserved && reservation.TeamTokensPerMinute > 0 ? 1 : 0,
                    costDelta,
                    reserved && reservation.Budget is not null ? 1 : 0,
                    use is null ? 0 : 1,
                    reservation.TeamId,
                    reservation.UserId,
                    reservation.KeyId ?? UsageRow.NoKey,
                    reservation.Model,
                    use?.InputTokens ?? 0,
                    use?.OutputTokens ?? 0,
                    use?.CostNanos ?? 0,
                    _retentionSeconds,
                ]);
            redis.Breaker.RecordSuccess();
        }
        catch (Exception exception) when (RedisConnection.IsFailure(exception))
        {
            redis.Breaker.RecordFailure(exception);
        }
    }

    private RedisKey[] Keys(SpendReservation reservation, string? periodId) =>
    [
        redis.Keys.TokenWindow("k", reservation.KeyId ?? string.Empty),
        redis.Keys.TokenWindow("u", reservation.UserId),
        redis.Keys.TokenWindow("t", reservation.TeamId),
        redis.Keys.Budget(reservation.KeyId ?? string.Empty, periodId ?? string.Empty),
    ];

    private static SpendAdmission FailedOpen(DateTimeOffset now) => new(SpendVerdict.Admitted, 0, now.AddMinutes(1), FailedOpen: true);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
