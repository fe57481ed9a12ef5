using LlmGateway.Application.Guardrails;

namespace LlmGateway.UnitTests.Support;

/// <summary>A guardrail plugin whose behaviour is a lambda, for runner and behavior tests.</summary>
internal sealed class TestGuard(
    string name,
    Func<PromptGuardRequest, CancellationToken, ValueTask<PromptVerdict>>? prompt = null,
    Func<OutputGuardRequest, CancellationToken, ValueTask<OutputVerdict>>? output = null,
    string configurationDigest = "") : IPromptGuard, IOutputGuard
{
    public string Name => name;

    public string ConfigurationDigest => configurationDigest;

    public static TestGuard Prompt(string name, Func<PromptGuardRequest, CancellationToken, ValueTask<PromptVerdict>> inspect) => new(name, prompt: inspect);

    public static TestGuard Output(string name, Func<OutputGuardRequest, CancellationToken, ValueTask<OutputVerdict>> inspect) => new(name, output: inspect);

    /// <summary>Allows everything and writes its name into <paramref name="calls"/>.</summary>
    public static TestGuard Allowing(string name, List<string> calls) => new(name, (_, _) =>
    {
        calls.Add(name);
        return ValueTask.FromResult(PromptVerdict.Allow);
    });

    public ValueTask<PromptVerdict> InspectAsync(PromptGuardRequest request, CancellationToken cancellationToken) =>
        prompt is null ? ValueTask.FromResult(PromptVerdict.Allow) : prompt(request, cancellationToken);

    public ValueTask<OutputVerdict> InspectAsync(OutputGuardRequest request, CancellationToken cancellationToken) =>
        output is null ? ValueTask.FromResult(OutputVerdict.Allow) : output(request, cancellationToken);
}
