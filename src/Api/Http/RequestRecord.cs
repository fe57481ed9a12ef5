using LlmGateway.Application.Common;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Api.Http;

/// <summary>
/// What the edge keeps about a request that went through the model pipeline, for the request log, the metrics and
/// the request span: the policy version it pinned, the prompt's keyed fingerprint, and — once the pipeline returned — its
/// decisions and the answer's token usage. Set by the controller; read by <see cref="GatewayRequestMiddleware"/> and
/// <see cref="RequestLogEnricher"/>.
/// </summary>
internal sealed class RequestRecord(long policyVersion, TextFingerprint? prompt)
{
    public long PolicyVersion { get; } = policyVersion;

    public TextFingerprint? Prompt { get; } = prompt;

    public PipelineDecisions Decisions { get; set; }

    /// <summary>Tokens of the answer that was sent (for a stream, once it ended).</summary>
    public TokenUsage? Usage { get; set; }

    /// <summary>
    /// The context a pipeline request runs under, with this request's record set on the HTTP context: the policy
    /// snapshot it is judged by and the prompt's fingerprint travel on the command, the record stays at the edge.
    /// </summary>
    public static RequestContext Start(HttpContext http, PolicySnapshot policy, string? prompt = null)
    {
        var fingerprint = prompt is null ? (TextFingerprint?)null : http.RequestServices.GetRequiredService<TextFingerprinter>().Of(prompt);
        http.Features.Set(new RequestRecord(policy.Version, fingerprint));
        return new RequestContext(http.TraceIdentifier) { Prompt = fingerprint };
    }
}
