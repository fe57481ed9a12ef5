using System.ComponentModel.DataAnnotations;

namespace LlmGateway.Infrastructure.Spend;

/// <summary>
/// The price table (docs/configuration.md, "Cost and budgets"): US dollars per million tokens per model, under
/// <c>Pricing:Models:&lt;model&gt;</c> (environment: <c>Pricing__Models__gpt-4o__Input</c>). The built-in entries are
/// OpenAI's list prices when this was written; configured entries replace or add to them.
/// </summary>
public sealed class PricingOptions
{
    public const string SectionName = "Pricing";

    /// <summary>The price of a model the table does not name: GPT-4o's, so an unknown model is never free.</summary>
    public PriceEntry Default { get; set; } = new() { Input = 2.50m, Output = 10.00m, CachedInput = 1.25m };

    public Dictionary<string, PriceEntry> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gpt-5"] = new() { Input = 1.25m, Output = 10.00m, CachedInput = 0.125m },
        ["gpt-5-mini"] = new() { Input = 0.25m, Output = 2.00m, CachedInput = 0.025m },
        ["gpt-5-nano"] = new() { Input = 0.05m, Output = 0.40m, CachedInput = 0.005m },
        ["gpt-4.1"] = new() { Input = 2.00m, Output = 8.00m, CachedInput = 0.50m },
        ["gpt-4.1-mini"] = new() { Input = 0.40m, Output = 1.60m, CachedInput = 0.10m },
        ["gpt-4.1-nano"] = new() { Input = 0.10m, Output = 0.40m, CachedInput = 0.025m },
        ["gpt-4o"] = new() { Input = 2.50m, Output = 10.00m, CachedInput = 1.25m },
        ["gpt-4o-mini"] = new() { Input = 0.15m, Output = 0.60m, CachedInput = 0.075m },
        ["o3"] = new() { Input = 2.00m, Output = 8.00m, CachedInput = 0.50m },
        ["o3-mini"] = new() { Input = 1.10m, Output = 4.40m, CachedInput = 0.55m },
        ["o4-mini"] = new() { Input = 1.10m, Output = 4.40m, CachedInput = 0.275m },
        ["gpt-4-turbo"] = new() { Input = 10.00m, Output = 30.00m, CachedInput = 10.00m },
        ["gpt-3.5-turbo"] = new() { Input = 0.50m, Output = 1.50m, CachedInput = 0.50m },
    };
}

/// <summary>US dollars per million tokens; <see cref="CachedInput"/> unset means the input price.</summary>
public sealed class PriceEntry
{
    [Range(0, 1_000_000)]
    public decimal Input { get; set; }

    [Range(0, 1_000_000)]
    public decimal Output { get; set; }

    [Range(0, 1_000_000)]
    public decimal? CachedInput { get; set; }

    public ModelPrice ToPrice() => new(Input, Output, CachedInput ?? Input);

    /// <summary>Adds a start-up message per price out of range, each naming the setting under <paramref name="key"/> (<c>Pricing:Default</c>).</summary>
    public void Check(string key, List<string> failures)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        foreach (var result in results)
        {
            failures.Add($"{key}: {result.ErrorMessage}");
        }
    }
}

/// <summary>The prices' ranges, which the options' own DataAnnotations check does not reach (it stops at the top-level properties).</summary>
internal sealed class PricingOptionsValidator : IValidateOptions<PricingOptions>
{
    public ValidateOptionsResult Validate(string? name, PricingOptions options)
    {
        var failures = new List<string>();
        options.Default.Check($"{PricingOptions.SectionName}:Default", failures);
        foreach (var (model, price) in options.Models)
        {
            price.Check($"{PricingOptions.SectionName}:Models:{model}", failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
