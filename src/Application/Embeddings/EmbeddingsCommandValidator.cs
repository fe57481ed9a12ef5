using FluentValidation;
using LlmGateway.Application.Chat;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Embeddings;

public sealed class EmbeddingsCommandValidator : AbstractValidator<EmbeddingsCommand>
{
    /// <summary>OpenAI's own limit on inputs per request.</summary>
    public const int MaxInputs = 2048;

    /// <summary>OpenAI's largest model gives 3072 dimensions.</summary>
    public const int MaxDimensions = 4096;

    public EmbeddingsCommandValidator(IOptions<GatewayOptions> options)
    {
        var maxPromptChars = options.Value.MaxPromptChars;

        RuleFor(c => c.Chat.Messages)
            .NotEmpty().WithMessage("input must not be empty.")
            .Must(m => m.Count <= MaxInputs).WithMessage($"input must hold at most {MaxInputs} items.")
            .MustFitPromptChars(maxPromptChars, "inputs")
            .OverridePropertyName("input");

        this.AddSharedRules();

        RuleFor(c => c.Format.Dimensions).MustBeBetween("dimensions", 1, MaxDimensions);
    }
}
