using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Common;

// Each pipeline behavior is constrained to one of these markers, so the Mediator source generator wires a
// behavior only into the pipelines of messages that need it — decided at compile time, no per-request checks.

/// <summary>A request made by an authenticated caller.</summary>
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

// The role a request needs and the store it reads or writes, each said once by a marker on the request's declaration
// (a default implementation of the static member the behavior reads).

public interface IRequiresUser : IAuthorizedRequest
{
    static Role IAuthorizedRequest.RequiredRole => Role.User;
}

public interface IRequiresTeamAdmin : IAuthorizedRequest
{
    static Role IAuthorizedRequest.RequiredRole => Role.TeamAdmin;
}

public interface IRequiresAdmin : IAuthorizedRequest
{
    static Role IAuthorizedRequest.RequiredRole => Role.Admin;
}

/// <summary>
/// Judged by one policy version from the first stage to the last: the snapshot the edge pinned when it built the
/// request. A policy published meanwhile applies from the next request on.
/// </summary>
public interface IPolicyPinnedRequest : ICallerRequest
{
    PolicySnapshot Policy { get; }
}

/// <summary>Counts against the caller's rate limit (the limits of the pinned policy).</summary>
public interface IRateLimitedRequest : IPolicyPinnedRequest;

/// <summary>Reads or writes a shared store: an unreachable store is answered as a value (503), not an exception.</summary>
public interface IStoreRequest
{
    /// <summary>Which store, as the caller's error detail names it: <c>key</c>, <c>policy</c>, <c>account</c>.</summary>
    static abstract string Store { get; }
}

public interface IAccountStoreRequest : IStoreRequest
{
    static string IStoreRequest.Store => "account";
}

public interface IKeyStoreRequest : IStoreRequest
{
    static string IStoreRequest.Store => "key";
}

public interface IPolicyStoreRequest : IStoreRequest
{
    static string IStoreRequest.Store => "policy";
}

public interface ITeamStoreRequest : IStoreRequest
{
    static string IStoreRequest.Store => "team";
}

public interface IUsageStoreRequest : IStoreRequest
{
    static string IStoreRequest.Store => "usage";
}

/// <summary>Validated by the FluentValidation validator registered for the message type.</summary>
public interface IValidatedRequest;

/// <summary>A request that carries text for a model.</summary>
public interface IChatCommand : IPolicyPinnedRequest
{
    ChatRequest Chat { get; }
}

/// <summary>Every user-supplied message is inspected for prompt injection.</summary>
public interface IInspectedRequest : IChatCommand;

/// <summary>Checked against the governance rules of the pinned policy (blocked terms, model allow-list).</summary>
public interface IPolicyGovernedRequest : IChatCommand;

/// <summary>Answers may be served from and stored in the response cache.</summary>
public interface ICacheableRequest : IChatCommand
{
    CacheDirectives Cache { get; }

    /// <summary>The cache read the prefetch stage started for this very request, if it did.</summary>
    PendingCacheRead? CacheRead { get; }

    /// <summary>A copy of this request carrying <paramref name="read"/>, for the stages after the prefetch.</summary>
    ICacheableRequest WithCacheRead(PendingCacheRead read);
}

/// <summary>The answer is filtered for keywords, secrets and personal data before anyone sees it.</summary>
public interface IOutputFilteredRequest : IChatCommand;

/// <summary>
/// A request for a model's answer, through every stage: authorized, rate limited, validated, inspected, governed by
/// the policy, cached, and filtered on the way out.
/// </summary>
public interface IModelRequest
    : IAuthorizedRequest, IRateLimitedRequest, IValidatedRequest, IInspectedRequest, IPolicyGovernedRequest, ICacheableRequest, IOutputFilteredRequest;

/// <param name="SkipRead">The caller sent <c>Cache-Control: no-cache</c>.</param>
/// <param name="SkipWrite">The caller sent <c>Cache-Control: no-store</c>.</param>
public readonly record struct CacheDirectives(bool SkipRead, bool SkipWrite);

/// <summary>A response-cache read started before the guardrails ran, under <paramref name="Key"/>; awaited at most once.</summary>
public sealed record PendingCacheRead(string Key, ValueTask<Completion?> Read);
