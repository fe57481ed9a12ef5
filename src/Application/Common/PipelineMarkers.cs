using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Application.Common;

// Each pipeline behavior is constrained to one of these markers, so the Mediator source generator wires a
// behavior only into the pipelines of messages that need it — decided at compile time, no per-request checks.

/// <summary>A request made by an authenticated caller, with a place to record what the pipeline decided.</summary>
public interface ICallerRequest
{
    Caller Caller { get; }

    RequestContext Context { get; }
}

/// <summary>Runs only for callers holding <see cref="RequiredRole"/> (or a higher one).</summary>
public interface IAuthorizedRequest : ICallerRequest
{
    static abstract Role RequiredRole { get; }
}

/// <summary>Counts against the caller's rate limit.</summary>
public interface IRateLimitedRequest : ICallerRequest;

/// <summary>Validated by the FluentValidation validator registered for the message type.</summary>
public interface IValidatedRequest;

/// <summary>A request that carries text for a model.</summary>
public interface IChatCommand : ICallerRequest
{
    ChatRequest Chat { get; }
}

/// <summary>Every user-supplied message is inspected for prompt injection.</summary>
public interface IInspectedRequest : IChatCommand;

/// <summary>Checked against the governance rules of the live policy (blocked terms, model allow-list).</summary>
public interface IPolicyGovernedRequest : IChatCommand;

/// <summary>Answers may be served from and stored in the response cache.</summary>
public interface ICacheableRequest : IChatCommand
{
    CacheDirectives Cache { get; }
}

/// <summary>The answer is filtered for keywords, secrets and personal data before anyone sees it.</summary>
public interface IOutputFilteredRequest : ICallerRequest;

/// <param name="SkipRead">The caller sent <c>Cache-Control: no-cache</c>.</param>
/// <param name="SkipWrite">The caller sent <c>Cache-Control: no-store</c>.</param>
public readonly record struct CacheDirectives(bool SkipRead, bool SkipWrite);
