using LlmGateway.Application.Chat;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Generate;

/// <summary>One prompt in, one filtered answer out, through every stage of the pipeline.</summary>
public sealed record GenerateCommand(Caller Caller, RequestContext Context, PolicySnapshot Policy, ChatRequest Chat, CacheDirectives Cache)
    : ICommand<CompletionResult>, IModelRequest, IRequiresUser
{
    public string Prompt => Chat.Messages[0].Content;

    public PendingCacheRead? CacheRead { get; init; }

    public ICacheableRequest WithCacheRead(PendingCacheRead read) => this with { CacheRead = read };
}
