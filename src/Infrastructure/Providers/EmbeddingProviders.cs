using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// Embeddings from the first configured provider that serves the requested model (<see cref="OpenAiCompatibleProvider.Serves"/>:
/// OpenAI serves any model it is asked for; a provider with a fixed model only that one), else — when the local provider is
/// enabled — from <see cref="LocalEmbeddingProvider"/>, else 404 naming <c>model</c>. A provider that fails is not replaced
/// by another: vectors of another model would not be comparable with those the client already stored.
/// </summary>
internal sealed class EmbeddingProviders(IReadOnlyList<OpenAiCompatibleProvider> remotes, bool local, GatewayMetrics metrics) : IEmbeddingProvider
{
    private const string OtherModel = "_OTHER";

    public async ValueTask<EmbeddingResult> EmbedAsync(ChatRequest request, EmbeddingFormat format, CancellationToken cancellationToken)
    {
        foreach (var remote in remotes)
        {
            if (!remote.Serves(request.Model))
            {
                continue;
            }

            var result = await remote.EmbedAsync(request, cancellationToken);
            if (result.Answer is { Usage.Estimated: false } answer)
            {
                // Metric labels stay bounded: a model name a caller made up is not a label.
                var model = string.Equals(request.Model, remote.ConfiguredModel, StringComparison.Ordinal) ? request.Model : OtherModel;
                metrics.RecordEmbeddingUsage(remote.GenAiProviderName, model, answer.Usage.PromptTokens);
            }

            return result;
        }

        if (local)
        {
            return EmbeddingResult.Success(LocalEmbeddingProvider.Embed(request, format));
        }

        return EmbeddingResult.Failed(new GatewayFailure(GatewayError.NotFound, $"No configured provider serves the model '{request.Model}' for embeddings.")
        {
            Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["model"] = ["No configured provider serves this model."] },
        });
    }
}
