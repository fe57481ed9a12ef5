using FluentValidation;

namespace LlmGateway.Application.Common;

/// <summary>
/// The checks many requests make on one field, worded one way and reported under the field's snake_case name:
/// "<c>name</c> is required.", "… must be at most N characters.", "… must be between A and B.".
/// </summary>
internal static class FieldRules
{
    /// <summary>A text that must be given, of at most <paramref name="maxLength"/> characters.</summary>
    public static IRuleBuilderOptions<T, string?> MustBeGiven<T>(this IRuleBuilder<T, string?> rule, string field, int maxLength) =>
        rule.NotEmpty().WithMessage($"{field} is required.")
            .MustBeAtMost(field, maxLength);

    public static IRuleBuilderOptions<T, string?> MustBeAtMost<T>(this IRuleBuilder<T, string?> rule, string field, int maxLength) =>
        rule.MaximumLength(maxLength).WithMessage($"{field} must be at most {maxLength} characters.")
            .OverridePropertyName(field);

    public static IRuleBuilderOptions<T, TValue> MustBeBetween<T, TValue>(this IRuleBuilder<T, TValue> rule, string field, TValue min, TValue max)
        where TValue : IComparable<TValue>, IComparable =>
        rule.InclusiveBetween(min, max).WithMessage($"{field} must be between {min} and {max}.")
            .OverridePropertyName(field);

    /// <summary>An optional number: absent passes.</summary>
    public static IRuleBuilderOptions<T, TValue?> MustBeBetween<T, TValue>(this IRuleBuilder<T, TValue?> rule, string field, TValue min, TValue max)
        where TValue : struct, IComparable<TValue>, IComparable =>
        rule.InclusiveBetween(min, max).WithMessage($"{field} must be between {min} and {max}.")
            .OverridePropertyName(field);
}
