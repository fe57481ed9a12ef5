using FluentValidation;

namespace LlmGateway.Application.Policies;

/// <summary>The checks the global policy's requests and a team overlay's share, made one way for both.</summary>
internal static class PolicyRequestRules
{
    public static IRuleBuilderOptions<T, int> MustBeAHistoryLimit<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(1, GetPolicyHistoryQuery.MaxLimit)
            .WithMessage($"limit must be a whole number between 1 and {GetPolicyHistoryQuery.MaxLimit}.")
            .OverridePropertyName("limit");

    public static IRuleBuilderOptions<T, long> MustBeAVersion<T>(this IRuleBuilder<T, long> rule) =>
        rule.GreaterThanOrEqualTo(1).WithMessage("version must be a whole number of at least 1.")
            .OverridePropertyName("version");

    /// <summary>What an evaluation judges: a prompt, an output or both, the prompt within <c>MAX_PROMPT_CHARS</c>.</summary>
    public static void AddEvaluationRules<T>(this AbstractValidator<T> validator, int maxPromptChars)
        where T : IPolicyEvaluationRequest
    {
        validator.RuleFor(c => c)
            .Must(c => c.Prompt is not null || c.Output is not null).WithMessage("Give a prompt, an output or both to evaluate.")
            .OverridePropertyName("prompt");

        validator.RuleFor(c => c.Prompt).MustBeAtMost("prompt", maxPromptChars);
    }
}

/// <summary>A request to judge texts under a policy (the global one, or a team's).</summary>
public interface IPolicyEvaluationRequest
{
    string? Prompt { get; }

    string? Output { get; }
}
