using System.Globalization;
using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using LlmGateway.Application.Policies;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Policies;
using Mediator;
using Microsoft.AspNetCore.Mvc;

namespace LlmGateway.Api.Endpoints;

/// <summary>
/// The policy admin API (admin only; the RBAC check is the pipeline's). Every answer that carries a version
/// is a <see cref="PolicyVersionResponse"/> with the version as a strong ETag; a change may name the version it
/// applies to in If-Match and is refused with 412 when another change came first.
/// </summary>
internal static class PolicyEndpoints
{
    private const string VersionEnvelope =
        "The answer is {version, updated_at, updated_by, policy}: policy is the document exactly as PUT takes it.";

    public static IEndpointRouteBuilder MapPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var policy = app.MapGroup("/admin/policy").RequireAuthorization().WithTags("Policy");

        policy.MapGet(string.Empty, GetAsync)
            .WithName("GetPolicy")
            .WithSummary("The live policy with its version (admin only).")
            .WithDescription($"{VersionEnvelope} Header ETag: the version, quoted (\"7\"); send it back in If-Match to change the policy safely.")
            .Produces<PolicyVersionResponse>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);

        policy.MapPut(string.Empty, UpdateAsync)
            .WithName("UpdatePolicy")
            .Accepts<PolicyDocument>("application/json")
            .WithSummary("Publish a whole policy document as the next version (admin only).")
            .WithDescription($"If-Match (optional): the ETag of the version this change is based on, or * for any; a stale one is refused "
                + $"with 412 precondition_failed, a malformed one with 400. An invalid document is refused with one 400 listing every problem "
                + $"in errors, keyed by its path (prompt_inspection.rules[3].pattern). The new version is enforced at once. {VersionEnvelope}")
            .Produces<PolicyVersionResponse>()
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status412PreconditionFailed,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status503ServiceUnavailable);

        policy.MapGet("/history", HistoryAsync)
            .WithName("GetPolicyHistory")
            .WithSummary("Policy versions, newest first, the live one included (admin only).")
            .WithDescription($"Query limit: 1 to {GetPolicyHistoryCommand.MaxLimit}, default {GetPolicyHistoryCommand.DefaultLimit}. "
                + "Each entry has the shape of GET /admin/policy.")
            .Produces<PolicyHistoryResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status503ServiceUnavailable);

        policy.MapPost("/rollback/{version}", RollbackAsync)
            .WithName("RollbackPolicy")
            .WithSummary("Make an earlier version's document live again, as a new version (admin only).")
            .WithDescription($"History only grows: the document of {{version}} is published as the next version. 404 when the version is unknown "
                + $"or no longer kept; If-Match as for PUT. {VersionEnvelope}")
            .Produces<PolicyVersionResponse>()
            .ProducesProblems(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status401Unauthorized,
                StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound,
                StatusCodes.Status412PreconditionFailed,
                StatusCodes.Status503ServiceUnavailable);

        policy.MapPost("/evaluate", EvaluateAsync)
            .WithName("EvaluatePolicy")
            .Accepts<EvaluatePolicyRequest>("application/json")
            .WithSummary("What inspection and output filtering would decide, without calling a model (admin only).")
            .WithDescription("Body: prompt and/or output (at least one), and optionally a candidate policy to use instead of the live one "
                + "(validated like PUT, compiled for this request only, reported as policy_version 0). "
                + "prompt.verdict is block when /generate would refuse the prompt: the inspection score reaches block_threshold "
                + "(code prompt_blocked, 400) or the prompt holds a blocked term (code policy_denied, 403) — and the policy enforces. "
                + "In monitor mode the verdict is allow, while score, threshold_reached, matched_rules and blocked_term still show what matched. "
                + "The model allow-list is not evaluated. output.action is redact when anything was redacted, else none (block is reserved). "
                + "Not rate limited.")
            .Produces<PolicyEvaluationResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status413PayloadTooLarge);

        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext http, ISender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new GetPolicyCommand(http.User.ToCaller(), NewContext(http)), cancellationToken);
        return VersionResult(result, http);
    }

    private static async Task<IResult> UpdateAsync(
        [FromHeader(Name = PolicyETag.IfMatchField)] string? ifMatch,
        HttpContext http,
        ISender mediator,
        CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadJsonAsync<PolicyDocument>(http, cancellationToken) is not { } body)
        {
            return Results.Empty;
        }

        if (!PolicyETag.TryParseIfMatch(ifMatch, out var expectedVersion))
        {
            return GatewayHttp.Problem(PolicyETag.MalformedIfMatch, http);
        }

        var result = await mediator.Send(new UpdatePolicyCommand(http.User.ToCaller(), NewContext(http), body, expectedVersion), cancellationToken);
        return VersionResult(result, http);
    }

    private static async Task<IResult> HistoryAsync(
        [FromQuery] string? limit,
        HttpContext http,
        ISender mediator,
        CancellationToken cancellationToken)
    {
        // A limit that is not a number is passed on as 0, which the validator refuses with the one message for all bad limits.
        var count = limit is null ? GetPolicyHistoryCommand.DefaultLimit : ParseOrZero(limit);
        var result = await mediator.Send(new GetPolicyHistoryCommand(http.User.ToCaller(), NewContext(http), (int)Math.Min(count, int.MaxValue)), cancellationToken);
        if (result.Value is not { } history)
        {
            return GatewayHttp.Problem(result.Failure!, http);
        }

        var versions = new PolicyVersionResponse[history.Versions.Count];
        for (var i = 0; i < versions.Length; i++)
        {
            versions[i] = ToResponse(history.Versions[i]);
        }

        return TypedResults.Ok(new PolicyHistoryResponse(versions));
    }

    private static async Task<IResult> RollbackAsync(
        string version,
        [FromHeader(Name = PolicyETag.IfMatchField)] string? ifMatch,
        HttpContext http,
        ISender mediator,
        CancellationToken cancellationToken)
    {
        if (!PolicyETag.TryParseIfMatch(ifMatch, out var expectedVersion))
        {
            return GatewayHttp.Problem(PolicyETag.MalformedIfMatch, http);
        }

        // A version that is not a number is passed on as 0, which the validator refuses.
        var command = new RollbackPolicyCommand(http.User.ToCaller(), NewContext(http), ParseOrZero(version), expectedVersion);
        return VersionResult(await mediator.Send(command, cancellationToken), http);
    }

    private static async Task<IResult> EvaluateAsync(HttpContext http, ISender mediator, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadJsonAsync<EvaluatePolicyRequest>(http, cancellationToken) is not { } body)
        {
            return Results.Empty;
        }

        var context = NewContext(http);
        if (body.Prompt is { } prompt)
        {
            context.Prompt = TextFingerprint.Of(prompt);
        }

        var result = await mediator.Send(new EvaluatePolicyCommand(http.User.ToCaller(), context, body.Prompt, body.Output, body.Policy), cancellationToken);
        if (result.Value is not { } evaluation)
        {
            return GatewayHttp.Problem(result.Failure!, http);
        }

        return TypedResults.Ok(new PolicyEvaluationResponse(
            evaluation.PolicyVersion,
            ModeName(evaluation.Mode),
            evaluation.Prompt is { } promptResult ? ToResponse(promptResult) : null,
            evaluation.Output is { } outputResult ? ToResponse(outputResult) : null));
    }

    private static RequestContext NewContext(HttpContext http)
    {
        var context = new RequestContext(http.TraceIdentifier);
        http.Features.Set(context);
        return context;
    }

    private static IResult VersionResult(Result<PolicyVersionRecord> result, HttpContext http)
    {
        if (result.Value is not { } record)
        {
            return GatewayHttp.Problem(result.Failure!, http);
        }

        http.Response.Headers.ETag = PolicyETag.Format(record.Version);
        return TypedResults.Ok(ToResponse(record));
    }

    private static long ParseOrZero(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;

    private static PolicyVersionResponse ToResponse(PolicyVersionRecord record) =>
        new(record.Version, record.UpdatedAt, record.UpdatedBy, record.Document);

    private static PromptEvaluationResponse ToResponse(PromptEvaluation prompt) => new(
        prompt.Verdict == PromptVerdict.Block ? "block" : "allow",
        prompt.Denial is { } denial ? GatewayHttp.Code(denial) : null,
        prompt.Score,
        prompt.BlockThreshold,
        prompt.ThresholdReached,
        prompt.MatchedRules,
        prompt.BlockedTerm);

    private static OutputEvaluationResponse ToResponse(OutputEvaluation output) =>
        new(output.Text, ActionName(output.Action), RedactionResponse.From(output.Redactions));

    private static string ModeName(PolicyMode mode) => mode == PolicyMode.Monitor ? "monitor" : "enforce";

    private static string ActionName(OutputAction action) => action switch
    {
        OutputAction.Redact => "redact",
        OutputAction.Block => "block",
        _ => "none",
    };
}
