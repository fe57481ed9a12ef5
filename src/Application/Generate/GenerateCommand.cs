using LlmGateway.Application.Common;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using Mediator;

namespace LlmGateway.Application.Generate;

/// <summary>One prompt in, one filtered answer out, through every stage of the pipeline.</summary>
public sealed record GenerateCommand(Caller Caller, RequestContext Context, ChatRequest Chat, CacheDirectives Cache)
    : ICommand<CompletionResult>,
      IAuthorizedRequest,
      IRateLimitedRequest,
      IValidatedRequest,
      IInspectedRequest,
      IPolicyGovernedRequest,
      ICacheableRequest,
      IOutputFilteredRequest
{
    public static Role RequiredRole => Role.User;

    public string Prompt => Chat.Messages[0].Content;
}
