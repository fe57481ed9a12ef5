namespace LlmGateway.Application.Embeddings;

public sealed class EmbeddingsCommandHandler(IEmbeddingProvider provider, EndUserIds endUsers)
    : ICommandHandler<EmbeddingsCommand, EmbeddingsResult>
{
    public async ValueTask<EmbeddingsResult> Handle(EmbeddingsCommand command, CancellationToken cancellationToken)
    {
        var request = endUsers.ForProvider(command.Chat, command.Caller);
        return EmbeddingsResult.From(await provider.EmbedAsync(request, command.Format, cancellationToken));
    }
}
