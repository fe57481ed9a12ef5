using LlmGateway.Application.Ports;
using LlmGateway.Domain.Spend;
using LlmGateway.UnitTests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LlmGateway.UnitTests.Infrastructure.InMemory;

public class InMemorySpendLedgerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 5, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task ReserveAsync_UpToTheTokenLimit_AdmitsExactlyWhatFits()
    {
        var ledger = TestSpend.Ledger(_time);
        var reservation = Reservation(tokens: 30, userTpm: 100);

        var verdicts = new List<SpendVerdict>();
        for (var i = 0; i < 4; i++)
        {
            verdicts.Add((await ledger.ReserveAsync(reservation, default)).Verdict);
        }

        Assert.Equal([SpendVerdict.Admitted, SpendVerdict.Admitted, SpendVerdict.Admitted, SpendVerdict.TokensExceeded], verdicts);
    }

    [Fact]
    public async Task ReserveAsync_OverTheTeamLimit_NamesTheTeamAndTheNextMinute()
    {
        var ledger = TestSpend.Ledger(_time);

        var refused = await ledger.ReserveAsync(Reservation(tokens: 101, userTpm: 1000, teamTpm: 100), default);

        Assert.Equal(SpendVerdict.TokensExceeded, refused.Verdict);
        Assert.Equal(SpendScope.Team, refused.Scope);
        Assert.Equal(100, refused.TokenLimit);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 1, 0, TimeSpan.Zero), refused.RetryAt);
    }

    [Fact]
    public async Task Settle_UsedLessThanReserved_GivesTheRestBackToTheWindow()
    {
        var ledger = TestSpend.Ledger(_time);
        var reservation = Reservation(tokens: 60, userTpm: 100);
        var first = await ledger.ReserveAsync(reservation, default);

        ledger.Settle(reservation, first, new SpendUse(10, 10, 0));

        Assert.True((await ledger.ReserveAsync(reservation, default)).Admitted);
        Assert.Equal(SpendVerdict.TokensExceeded, (await ledger.ReserveAsync(reservation, default)).Verdict);
    }

    [Fact]
    public async Task Release_GivesTheWholeReservationBack()
    {
        var ledger = TestSpend.Ledger(_time);
        var reservation = Reservation(tokens: 100, userTpm: 100);

        ledger.Release(reservation, await ledger.ReserveAsync(reservation, default));

        Assert.True((await ledger.ReserveAsync(reservation, default)).Admitted);
    }

    [Fact]
    public async Task ReserveAsync_NextMinute_StartsAFreshWindow()
    {
        var ledger = TestSpend.Ledger(_time);
        var reservation = Reservation(tokens: 100, userTpm: 100);
        await ledger.ReserveAsync(reservation, default);

        _time.Advance(TimeSpan.FromSeconds(55));

        Assert.True((await ledger.ReserveAsync(reservation, default)).Admitted);
    }

    [Fact]
    public async Task ReserveAsync_CostOverTheBudget_RefusedUntilTheNextPeriod()
    {
        var ledger = TestSpend.Ledger(_time);
        var budget = new KeyBudget(0.000010m, BudgetPeriod.Day); // 10,000 nano-dollars
        var reservation = Reservation(tokens: 10, cost: 4_000, budget: budget);

        var first = await ledger.ReserveAsync(reservation, default);
        var second = await ledger.ReserveAsync(reservation, default);
        var third = await ledger.ReserveAsync(reservation, default);

        Assert.True(first.Admitted);
        Assert.True(second.Admitted);
        Assert.Equal(SpendVerdict.BudgetExceeded, third.Verdict);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero), third.RetryAt);

        // Settled at what was really spent, the budget has room again; the next day starts empty.
        ledger.Settle(reservation, first, new SpendUse(1, 1, 1_000));
        Assert.True((await ledger.ReserveAsync(reservation, default)).Admitted);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.True((await ledger.ReserveAsync(reservation, default)).Admitted);
    }

    [Fact]
    public async Task ReadUsageAsync_SettledRequests_SumPerGroupAndFilterByTeam()
    {
        var ledger = TestSpend.Ledger(_time);
        ledger.Settle(Reservation(team: "red", user: "ann", key: "k1"), SpendAdmission.Unchecked, new SpendUse(10, 5, 300));
        ledger.Settle(Reservation(team: "red", user: "ann", key: null), SpendAdmission.Unchecked, new SpendUse(1, 2, 30));
        ledger.Settle(Reservation(team: "blue", user: "bob", key: "k2"), SpendAdmission.Unchecked, new SpendUse(100, 50, 3000));
        var today = DateOnly.FromDateTime(Start.UtcDateTime);

        var byKey = await ledger.ReadUsageAsync(UsageGrouping.Key, today, today, team: null, perDay: false, default);
        var redByUser = await ledger.ReadUsageAsync(UsageGrouping.User, today, today, team: "red", perDay: false, default);
        var yesterday = await ledger.ReadUsageAsync(UsageGrouping.Team, today.AddDays(-1), today.AddDays(-1), team: null, perDay: false, default);

        Assert.Equal(
            [new UsageRow("k2", 1, 100, 50, 3000), new UsageRow("k1", 1, 10, 5, 300), new UsageRow(UsageRow.NoKey, 1, 1, 2, 30)],
            byKey);
        Assert.Equal([new UsageRow("ann", 2, 11, 7, 330)], redByUser);
        Assert.Empty(yesterday);
    }

    [Fact]
    public async Task ReadUsageAsync_PerDay_EachGroupHasItsDaysWithUseInOrder()
    {
        var ledger = TestSpend.Ledger(_time);
        var first = DateOnly.FromDateTime(Start.UtcDateTime);
        ledger.Settle(Reservation(team: "red"), SpendAdmission.Unchecked, new SpendUse(10, 5, 300));
        _time.Advance(TimeSpan.FromDays(2));
        ledger.Settle(Reservation(team: "red"), SpendAdmission.Unchecked, new SpendUse(1, 2, 30));
        ledger.Settle(Reservation(team: "blue"), SpendAdmission.Unchecked, new SpendUse(4, 4, 40));

        var rows = await ledger.ReadUsageAsync(UsageGrouping.Team, first, first.AddDays(2), team: null, perDay: true, default);
        var lastTwoDays = await ledger.ReadUsageAsync(UsageGrouping.Team, first.AddDays(1), first.AddDays(2), team: "red", perDay: true, default);

        Assert.Equal(["red", "blue"], rows.Select(r => r.Group));
        Assert.Equal(new UsageRow("red", 2, 11, 7, 330), rows[0] with { Days = null });
        Assert.Equal([new UsageDay(first, 1, 10, 5, 300), new UsageDay(first.AddDays(2), 1, 1, 2, 30)], rows[0].Days!);
        Assert.Equal([new UsageDay(first.AddDays(2), 1, 4, 4, 40)], rows[1].Days!);
        Assert.Equal([new UsageDay(first.AddDays(2), 1, 1, 2, 30)], Assert.Single(lastTwoDays).Days!);
    }

    private static SpendReservation Reservation(
        int tokens = 10, long cost = 0, int userTpm = 0, int teamTpm = 0, KeyBudget? budget = null, string team = "default", string user = "ann", string? key = "k1") =>
        new(key, user, team, "gpt-4o-mini", tokens, cost, 0, userTpm, teamTpm, budget);
}
