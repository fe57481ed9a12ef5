using System.Globalization;
using LlmGateway.Api.Http;
using LlmGateway.Application.Ports;
using LlmGateway.Application.Spend;
using LlmGateway.Domain.Spend;

namespace LlmGateway.Api.Controllers;

/// <summary>Who spent what: requests, tokens and cost per team, user, key or model (admins: every team; team admins: their own).</summary>
[Route("admin/usage")]
[Tags("Admin")]
public sealed class UsageController(ISender mediator) : TeamAdminController(mediator)
{
    private static readonly string[] GroupingNames = ["team", "user", "key", "model"];

    /// <summary>Usage and cost per team, user, key or model over whole UTC days, and per day (admin, or a team admin for its team).</summary>
    /// <remarks>
    /// group_by: team (default), user, key or model. from, to: yyyy-MM-dd (UTC), inclusive; default the last 30 days,
    /// at most 366. interval=day: each group and the total also carry days, their use per UTC day (days without use left
    /// out), for a chart over time. Counts requests a provider answered, with the tokens it reported and their cost at the
    /// configured prices (docs/configuration.md); cache hits and refused requests cost nothing and are not counted. A team
    /// admin sees only their own team.
    /// </remarks>
    [HttpGet(Name = "GetUsage")]
    [ProducesResponseType<UsageReportResponse>(StatusCodes.Status200OK)]
    [GatewayProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable)]
    public Task<IActionResult> GetAsync(
        [FromQuery(Name = "group_by")] string? groupBy,
        [FromQuery] string? from,
        [FromQuery] string? to,
        [FromQuery] string? interval,
        CancellationToken cancellationToken)
    {
        return SendAsync(new GetUsageQuery(Caller, NewContext(), groupBy, from, to, interval), report =>
        {
            var total = report.Total;
            return Ok(new UsageReportResponse(
                GroupingNames[(int)report.GroupBy],
                Day(report.From),
                Day(report.To),
                report.Team,
                report.PerDay ? GetUsageQuery.DayInterval : null,
                ToResponses(report.Groups, row => new UsageGroupResponse(row.Group, row.Requests, row.InputTokens, row.OutputTokens, ModelPrice.ToUsd(row.CostNanos), DaysOf(row))),
                new UsageTotalResponse(total.Requests, total.InputTokens, total.OutputTokens, ModelPrice.ToUsd(total.CostNanos), DaysOf(total))));
        }, cancellationToken);
    }

    private static UsageDayResponse[]? DaysOf(UsageRow row) => row.Days is { } days
        ? ToResponses(days, d => new UsageDayResponse(Day(d.Day), d.Requests, d.InputTokens, d.OutputTokens, ModelPrice.ToUsd(d.CostNanos)))
        : null;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
