using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Domain;
using Mediator;

namespace LlmGateway.UnitTests.Support;

/// <summary>The rest of the pipeline, as a behavior sees it: answers with a fixed response and counts its calls.</summary>
internal sealed class NextStub<TMessage, TResponse>(TResponse response)
    where TMessage : IMessage
{
    public int Calls { get; private set; }

    public MessageHandlerDelegate<TMessage, TResponse> Handler => (_, _) =>
    {
        Calls++;
        return ValueTask.FromResult(response);
    };
}

/// <summary>Stubs of the inner pipeline of a <see cref="GenerateCommand"/> (of a <see cref="ChatCompletionCommand"/> for streams).</summary>
internal static class Next
{
    public static NextStub<GenerateCommand, CompletionResult> Answers(Completion completion) =>
        new(CompletionResult.FromCompletion(completion));

    public static NextStub<GenerateCommand, CompletionResult> Answers(string text = "An answer.") =>
        Answers(TestCommands.Completion(text));

    /// <summary>The handler opened a stream (for a <see cref="ChatCompletionCommand"/> with <c>stream: true</c>).</summary>
    public static NextStub<ChatCompletionCommand, CompletionResult> Streams(StreamedCompletion stream) =>
        new(CompletionResult.FromStream(stream));

    public static NextStub<GenerateCommand, CompletionResult> Fails(GatewayError error = GatewayError.ProviderUnavailable) =>
        new(CompletionResult.FromFailure(new GatewayFailure(error, "All providers failed.")));
}
