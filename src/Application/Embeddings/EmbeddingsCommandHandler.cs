namespace LlmGateway.Application.Embeddings;

public sealed class EmbeddingsCommandHandler(IEmbeddingProvider provider, EndUserIds endUsers)
    : ICommandHandler<EmbeddingsCommand, Result<EmbeddingAnswer>>
{
    public async ValueTask<Result<EmbeddingAnswer>> Handle(EmbeddingsCommand command, CancellationToken cancellationToken)
    {
        var request = endUsers.ForProvider(command.Chat, command.Caller);
        var result = await provider.EmbedAsync(request, command.Format, cancellationToken);
        return result.Answer is { } answer
            ? Result<EmbeddingAnswer>.Success(answer).WithDecisions(new PipelineDecisions { Provider = answer.Provider })
            : Result<EmbeddingAnswer>.FromFailure(result.Failure!);
    }
}
