using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Embeddings;

/// <summary>
/// OpenAI's embeddings request. Its inputs are text a model reads, so they travel as <see cref="Chat"/> — one user
/// message per input — and meet the same stages as a prompt: authorization (the API key's model list included), the
/// rate limit, validation, prompt inspection and the prompt plugins, and the policy (model allow-list, blocked terms).
/// Not cached and not output-filtered: the answer is vectors, not words.
/// </summary>
public sealed record EmbeddingsCommand(Caller Caller, RequestContext Context, PolicySnapshot Policy, ChatRequest Chat, EmbeddingFormat Format)
    : ICommand<EmbeddingsResult>, IAuthorizedRequest, IRateLimitedRequest, IValidatedRequest, IInspectedRequest, IPolicyGovernedRequest
{
    public static Role RequiredRole => Role.User;
}

/// <summary>Exactly one of embeddings or a failure, with what the pipeline decided.</summary>
public sealed class EmbeddingsResult : IGatewayResponse<EmbeddingsResult>
{
    private EmbeddingsResult(EmbeddingAnswer? answer, GatewayFailure? failure, PipelineDecisions decisions)
    {
        Answer = answer;
        Failure = failure;
        Decisions = decisions;
    }

    public EmbeddingAnswer? Answer { get; }

    public GatewayFailure? Failure { get; }

    public PipelineDecisions Decisions { get; }

    public static EmbeddingsResult From(EmbeddingResult result) => result.Answer is { } answer
        ? new(answer, null, new PipelineDecisions { Provider = answer.Provider })
        : new(null, result.Failure!, default);

    public static EmbeddingsResult FromFailure(GatewayFailure failure) => new(null, failure, default);

    public EmbeddingsResult WithDecisions(PipelineDecisions decisions) => new(Answer, Failure, decisions);
}
