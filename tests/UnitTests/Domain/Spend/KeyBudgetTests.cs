using LlmGateway.Domain.Spend;

namespace LlmGateway.UnitTests.Domain.Spend;

public class KeyBudgetTests
{
    private static readonly DateTimeOffset LastDayOfYear = new(2026, 12, 31, 22, 30, 0, TimeSpan.Zero);

    [Fact]
    public void PeriodEnd_Day_IsTheNextUtcMidnight()
    {
        var budget = new KeyBudget(5, BudgetPeriod.Day);

        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), budget.PeriodEnd(LastDayOfYear));
        Assert.Equal("2026-12-31", budget.PeriodId(LastDayOfYear));
    }

    [Fact]
    public void PeriodEnd_Month_IsTheFirstOfTheNextMonth()
    {
        var budget = new KeyBudget(5, BudgetPeriod.Month);

        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), budget.PeriodEnd(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2026-12", budget.PeriodId(LastDayOfYear));
    }

    [Fact]
    public void PeriodId_AnotherOffset_IsTakenInUtc()
    {
        var budget = new KeyBudget(5, BudgetPeriod.Day);

        // 01:00 on the 1st in UTC+2 is still the 31st in UTC.
        Assert.Equal("2026-12-31", budget.PeriodId(new DateTimeOffset(2027, 1, 1, 1, 0, 0, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void Describe_NamesTheAmountAndPeriod()
    {
        Assert.Equal("$5.00 per day", new KeyBudget(5, BudgetPeriod.Day).Describe());
        Assert.Equal("$0.0025 per month", new KeyBudget(0.0025m, BudgetPeriod.Month).Describe());
    }
}
