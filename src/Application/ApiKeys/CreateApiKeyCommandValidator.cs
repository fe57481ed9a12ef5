using FluentValidation;
using LlmGateway.Application.Users;

namespace LlmGateway.Application.ApiKeys;

public sealed class CreateApiKeyCommandValidator : AbstractValidator<CreateApiKeyCommand>
{
    public const int MaxNameLength = 100;
    public const int MaxModels = 32;
    public const int MaxModelLength = 128;
    public const int MaxMetadataEntries = 16;
    public const int MaxMetadataKeyLength = 64;
    public const int MaxMetadataValueLength = 256;
    public const int MaxPerMinute = 1_000_000_000;
    public const decimal MaxBudgetUsd = 1_000_000m;

    public CreateApiKeyCommandValidator(TimeProvider time)
    {
        RuleFor(c => c.UserId).MustBeAUserId();

        RuleFor(c => c.Name)
            .NotEmpty().WithMessage("name is required: say which service uses the key.")
            .MaximumLength(MaxNameLength).WithMessage($"name must be at most {MaxNameLength} characters.")
            .Must(name => !name.Any(char.IsControl)).WithMessage("name must not contain control characters.")
            .OverridePropertyName("name");

        RuleFor(c => c.Role).MustBeARoleName();

        RuleFor(c => c.Models)
            .Must(models => models is null || (models.Count is > 0 and <= MaxModels))
            .WithMessage($"models must list 1 to {MaxModels} model names (leave it out for any model the policy allows).")
            .Must(models => models is null || models.All(m => !string.IsNullOrWhiteSpace(m) && m.Length <= MaxModelLength && !m.Any(char.IsControl)))
            .WithMessage($"each model must be 1 to {MaxModelLength} characters, without control characters.")
            .OverridePropertyName("models");

        RuleFor(c => c.ExpiresAt)
            .Must(expiresAt => expiresAt is null || expiresAt > time.GetUtcNow())
            .WithMessage("expires_at must be in the future.")
            .OverridePropertyName("expires_at");

        RuleFor(c => c.Metadata)
            .Must(metadata => metadata is null || metadata.Count <= MaxMetadataEntries)
            .WithMessage($"metadata may hold at most {MaxMetadataEntries} entries.")
            .Must(metadata => metadata is null || metadata.All(e => IsMetadataKey(e.Key) && e.Value is not null && e.Value.Length <= MaxMetadataValueLength && !e.Value.Any(char.IsControl)))
            .WithMessage($"metadata keys must be 1 to {MaxMetadataKeyLength} of a-z A-Z 0-9 _ . -; values strings of at most {MaxMetadataValueLength} characters without control characters.")
            .OverridePropertyName("metadata");

        RuleFor(c => c.RpmLimit)
            .InclusiveBetween(1, MaxPerMinute).When(c => c.RpmLimit is not null)
            .WithMessage($"rpm_limit must be between 1 and {MaxPerMinute} (leave it out for the policy's per-user limit).")
            .OverridePropertyName("rpm_limit");

        RuleFor(c => c.TpmLimit)
            .InclusiveBetween(1, MaxPerMinute).When(c => c.TpmLimit is not null)
            .WithMessage($"tpm_limit must be between 1 and {MaxPerMinute} (leave it out for no key limit).")
            .OverridePropertyName("tpm_limit");

        RuleFor(c => c.Budget)
            .Must(budget => budget is null || (budget.AmountUsd > 0 && budget.AmountUsd <= MaxBudgetUsd && decimal.Round(budget.AmountUsd, 6) == budget.AmountUsd))
            .WithMessage($"budget.amount_usd must be more than 0 and at most {MaxBudgetUsd}, with at most 6 decimals.")
            .OverridePropertyName("budget.amount_usd");
    }

    private static bool IsMetadataKey(string key) =>
        key.Length is > 0 and <= MaxMetadataKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
