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

/// <summary>Stubs of the inner pipeline of a <see cref="GenerateCommand"/>.</summary>
internal static class Next
{
    public static NextStub<GenerateCommand, CompletionResult> Answers(Completion completion) =>
        new(CompletionResult.FromCompletion(completion));

    public static NextStub<GenerateCommand, CompletionResult> Answers(string text = "An answer.") =>
        Answers(TestCommands.Completion(text));

    public static NextStub<GenerateCommand, CompletionResult> Fails(GatewayError error = GatewayError.ProviderUnavailable) =>
        new(CompletionResult.FromFailure(new GatewayFailure(error, "All providers failed.")));
}
