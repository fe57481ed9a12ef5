using LlmGateway.Application.Ports;
using LlmGateway.Application.Spend;

namespace LlmGateway.UnitTests.Application.Spend;

public class UsageReportTests
{
    private static readonly DateOnly Day1 = new(2026, 12, 1);
    private static readonly DateOnly Day2 = new(2026, 12, 2);

    [Fact]
    public void Total_PerDay_SumsTheGroupsPerDayInDayOrder()
    {
        IReadOnlyList<UsageRow> groups =
        [
            new("gpt-4o", 3, 30, 15, 900, [new UsageDay(Day2, 2, 20, 10, 600), new UsageDay(Day1, 1, 10, 5, 300)]),
            new("llama", 1, 4, 4, 40, [new UsageDay(Day2, 1, 4, 4, 40)]),
        ];

        var total = new UsageReport(UsageGrouping.Model, Day1, Day2, Team: null, groups, PerDay: true).Total;

        Assert.Equal(new UsageRow("total", 4, 34, 19, 940), total with { Days = null });
        Assert.Equal([new UsageDay(Day1, 1, 10, 5, 300), new UsageDay(Day2, 3, 24, 14, 640)], total.Days!);
    }

    [Fact]
    public void Total_OverTheRangeOnly_HasNoDays()
    {
        var total = new UsageReport(UsageGrouping.Team, Day1, Day2, Team: "red", [new UsageRow("red", 2, 11, 7, 330)], PerDay: false).Total;

        Assert.Equal(new UsageRow("total", 2, 11, 7, 330), total);
    }
}
