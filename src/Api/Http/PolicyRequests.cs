using System.Globalization;
using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Application.Policies;
using LlmGateway.Domain.Policies;
using Microsoft.Net.Http.Headers;

namespace LlmGateway.Api.Http;

/// <summary>
/// How the global policy's and the teams' overlay endpoints read a change request (If-Match, <c>?confirm=protection_off</c>,
/// the merge-patch media type, numbers in the path) and write an evaluation: one way for both.
/// </summary>
internal static class PolicyRequests
{
    public const string MergePatchContentType = "application/merge-patch+json";

    private const string ConfirmProtectionOff = "protection_off";

    private static readonly GatewayFailure UnknownConfirmation = GatewayFailure.InvalidField("confirm", "confirm must be protection_off.");

    /// <summary>The request's If-Match and confirmation; an answer (400) when either is malformed.</summary>
    public static IActionResult? ReadConditions(HttpRequest request, string? confirm, out PolicyPrecondition ifMatch, out bool confirmed)
    {
        confirmed = confirm is ConfirmProtectionOff;
        if (!PolicyETag.TryParseIfMatch(request.Headers.IfMatch, out ifMatch))
        {
            return PolicyETag.MalformedIfMatch.ToActionResult();
        }

        return confirm is null or ConfirmProtectionOff ? null : UnknownConfirmation.ToActionResult();
    }

    /// <summary>A PUT's or PATCH's change with the request's If-Match and confirmation; an answer (400) when either is malformed.</summary>
    public static IActionResult? ReadChange(HttpRequest request, JsonElement body, PolicyEdit edit, string? confirm, out PolicyChange change)
    {
        var refused = ReadConditions(request, confirm, out var ifMatch, out var confirmed);
        change = new PolicyChange(body, edit, ifMatch, confirmed);
        return refused;
    }

    /// <summary>
    /// Null when the body is a JSON merge patch; else the detail of the 415 to answer (application/json would be read as a
    /// merge patch too, but a client sending it may mean JSON Patch, RFC 6902).
    /// </summary>
    public static string? NotAMergePatch(HttpRequest request, string route) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && string.Equals(mediaType.MediaType.Value, MergePatchContentType, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"PATCH {route} takes a JSON merge patch (RFC 7396) as {MergePatchContentType}.";

    /// <summary>
    /// <c>?limit=</c> of a history: the default when absent; a limit that is not a number is passed on as 0, which the
    /// validator refuses with the one message for all bad limits.
    /// </summary>
    public static int HistoryLimit(string? limit) =>
        limit is null ? GetPolicyHistoryQuery.DefaultLimit : (int)Math.Min(ParseOrZero(limit), int.MaxValue);

    /// <summary>A number from the path or query; 0 (which the validators refuse with their one message) when it is not one.</summary>
    public static long ParseOrZero(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;

    /// <summary>The answer to an evaluation, of the global policy or of a team's.</summary>
    public static IActionResult Evaluated(PolicyEvaluation evaluation) => new OkObjectResult(ToResponse(evaluation));

    private static PolicyEvaluationResponse ToResponse(PolicyEvaluation evaluation) => new(
        evaluation.PolicyVersion,
        evaluation.Mode == PolicyMode.Monitor ? "monitor" : "enforce",
        evaluation.Prompt is { } prompt ? ToResponse(prompt) : null,
        evaluation.Output is { } output ? ToResponse(output) : null);

    private static PromptEvaluationResponse ToResponse(PromptEvaluation prompt) => new(
        prompt.Verdict == PromptVerdict.Block ? "block" : "allow",
        prompt.Denial is { } denial ? GatewayHttp.Code(denial) : null,
        prompt.Score,
        prompt.BlockThreshold,
        prompt.ThresholdReached,
        prompt.MatchedRules,
        prompt.BlockedTerm);

    private static OutputEvaluationResponse ToResponse(OutputEvaluation output) =>
        new(output.Text, output.Action switch
        {
            OutputAction.Redact => "redact",
            OutputAction.Block => "block",
            _ => "none",
        }, RedactionResponse.From(output.Redactions));
}
