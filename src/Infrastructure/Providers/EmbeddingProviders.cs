using LlmGateway.Application.Models;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// Embeddings routed like chat, by the model catalogue (<see cref="IModelRouter"/>), but only to the deployments of the
/// requested model itself: a deployment whose breaker is open or that fails is replaced by another deployment of the same
/// model, never by a fallback model — vectors of another model are not comparable with those a client already stored.
/// A deployment's embeddings have a breaker of their own (<see cref="DeploymentPlan.EmbeddingsHealth"/>), apart from its chat's.
/// An OpenAI-compatible deployment is called (<see cref="OpenAiCompatibleProvider.EmbedAsync"/>); the local deployment
/// answers <see cref="LocalEmbeddingProvider"/>'s stand-in vectors. A model the catalogue does not know is a 404 naming
/// <c>model</c>, as on chat.
/// </summary>
internal sealed class EmbeddingProviders(IModelRouter router, GatewayMetrics metrics) : IEmbeddingProvider
{
    private const string OtherModel = "_OTHER";

    public async ValueTask<EmbeddingResult> EmbedAsync(ChatRequest request, EmbeddingFormat format, CancellationToken cancellationToken)
    {
        if (!router.TryRouteEmbeddings(request.Model, out var route))
        {
            return EmbeddingResult.Failed(ModelFailures.NotFound(request.Model));
        }

        GatewayFailure? failure = null;
        while (route.Next() is { } deployment && route.Tier == 0)
        {
            switch (deployment.Chat)
            {
                case OpenAiCompatibleProvider remote:
                    var result = await remote.EmbedAsync(request, cancellationToken);
                    if (result.Answer is { } answer)
                    {
                        if (!answer.Usage.Estimated)
                        {
                            // Metric labels stay bounded: a model name a caller made up is not a label.
                            var model = string.Equals(request.Model, remote.ConfiguredModel, StringComparison.Ordinal) ? request.Model : OtherModel;
                            metrics.RecordEmbeddingUsage(remote.GenAiProviderName, model, answer.Usage.PromptTokens);
                        }

                        return result;
                    }

                    if (result.Failure!.Upstream is not null)
                    {
                        // The client's own mistake: another deployment would refuse it too.
                        return result;
                    }

                    failure = result.Failure;
                    break;
                case LocalChatProvider:
                    return EmbeddingResult.Success(LocalEmbeddingProvider.Embed(request, format));
            }
        }

        return EmbeddingResult.Failed(failure ?? new GatewayFailure(GatewayError.ProviderUnavailable, $"No deployment of the model '{request.Model}' can answer embeddings."));
    }
}
