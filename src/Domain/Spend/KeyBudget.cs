using System.Globalization;
using System.Text.Json.Serialization;

namespace LlmGateway.Domain.Spend;

/// <summary>How long a budget's amount lasts before it starts again: a UTC calendar day or month.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BudgetPeriod>))]
public enum BudgetPeriod
{
    [JsonStringEnumMemberName("day")]
    Day,

    [JsonStringEnumMemberName("month")]
    Month,
}

/// <summary>What a key may spend per period, in US dollars; a request that would go over it is refused before the call.</summary>
public sealed record KeyBudget(decimal AmountUsd, BudgetPeriod Period)
{
    /// <summary>The amount in the unit spend is counted in (<see cref="ModelPrice.NanosPerUsd"/>).</summary>
    public long AmountNanos => ModelPrice.ToNanos(AmountUsd);

    /// <summary>The period <paramref name="now"/> falls in, as a stable id: <c>2026-12-07</c> or <c>2026-12</c>.</summary>
    public string PeriodId(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return Period == BudgetPeriod.Day
            ? utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }

    /// <summary>When the period <paramref name="now"/> falls in ends: the next UTC midnight or first of the month.</summary>
    public DateTimeOffset PeriodEnd(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var start = new DateTime(utc.Year, utc.Month, Period == BudgetPeriod.Day ? utc.Day : 1, 0, 0, 0, DateTimeKind.Utc);
        return new DateTimeOffset(Period == BudgetPeriod.Day ? start.AddDays(1) : start.AddMonths(1));
    }

    /// <summary>How the budget is named to the caller who reached it: <c>$5.00 per day</c>.</summary>
    public string Describe() =>
        string.Create(CultureInfo.InvariantCulture, $"${AmountUsd:0.00######} per {(Period == BudgetPeriod.Day ? "day" : "month")}");
}
