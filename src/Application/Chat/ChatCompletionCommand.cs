using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Chat;

/// <summary>
/// An OpenAI-style chat completion, whole or streamed, through every stage of the pipeline. Every message the
/// caller sent — system and user turns alike — is inspected.
/// </summary>
/// <param name="Stream">Answer as a stream; every check still runs before the first byte.</param>
public sealed record ChatCompletionCommand(Caller Caller, RequestContext Context, PolicySnapshot Policy, ChatRequest Chat, CacheDirectives Cache, bool Stream)
    : ICommand<CompletionResult>, IModelRequest, IRequiresUser
{
    public PendingCacheRead? CacheRead { get; init; }

    public ICacheableRequest WithCacheRead(PendingCacheRead read) => this with { CacheRead = read };
}
