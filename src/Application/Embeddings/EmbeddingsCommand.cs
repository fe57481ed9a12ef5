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
    : ICommand<Result<EmbeddingAnswer>>, IRequiresUser, IRateLimitedRequest, IValidatedRequest, IInspectedRequest, IPolicyGovernedRequest;
