using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LlmGateway.Application.Guardrails;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmGateway.Samples.ConfidentialTerms;

/// <summary>
/// Keeps the company's confidential project code names away from the model and out of its answers: a prompt that
/// mentions one is blocked (400 <c>prompt_blocked</c>, rule <c>confidential-term</c>), an answer that mentions one has
/// it replaced by <c>[REDACTED:confidential_term]</c>. Terms come from <c>ConfidentialTerms:Terms</c> and match as whole
/// words, case-insensitively, with any whitespace between the words of a multi-word term.
/// </summary>
public sealed partial class ConfidentialTermsGuard : IPromptGuard, IOutputGuard
{
    public const string SectionName = "ConfidentialTerms";
    public const string RuleId = "confidential-term";
    public const string RedactionType = "confidential_term";
    public const string Marker = "[REDACTED:" + RedactionType + "]";

    private readonly Regex _terms;

    /// <summary>The constructor the gateway uses: reads <c>ConfidentialTerms:Terms</c> and refuses to start without a term.</summary>
    [ActivatorUtilitiesConstructor]
    public ConfidentialTermsGuard(IConfiguration configuration, ILogger<ConfidentialTermsGuard> logger)
        : this(ReadTerms(configuration))
    {
        LogReady(logger, TermCount);
    }

    public ConfidentialTermsGuard(IReadOnlyCollection<string> terms)
    {
        var cleaned = new List<string>(terms.Count);
        foreach (var term in terms)
        {
            if (!string.IsNullOrWhiteSpace(term))
            {
                cleaned.Add(term.Trim());
            }
        }

        if (cleaned.Count == 0)
        {
            throw new InvalidOperationException($"{SectionName}:Terms lists no term; give at least one confidential name (for example {SectionName}__Terms__0=Falcon).");
        }

        TermCount = cleaned.Count;
        _terms = Compile(cleaned);
        ConfigurationDigest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_terms.ToString())));
    }

    public string Name => "confidential-terms";

    public int TermCount { get; }

    /// <summary>A digest of the term list, never the terms: the gateway serves no answer cached under another list.</summary>
    public string ConfigurationDigest { get; }

    public ValueTask<PromptVerdict> InspectAsync(PromptGuardRequest request, CancellationToken cancellationToken)
    {
        foreach (var message in request.Chat.Messages)
        {
            // Assistant turns are earlier answers; their names were redacted on the way out.
            if (message.Role != ChatRole.Assistant && _terms.IsMatch(message.Content))
            {
                return ValueTask.FromResult(PromptVerdict.Block(RuleId, "The prompt mentions a confidential project name; leave it out and try again."));
            }
        }

        return ValueTask.FromResult(PromptVerdict.Allow);
    }

    public ValueTask<OutputVerdict> InspectAsync(OutputGuardRequest request, CancellationToken cancellationToken)
    {
        var count = 0;
        var text = _terms.Replace(request.Text, _ =>
        {
            count++;
            return Marker;
        });

        return ValueTask.FromResult(count == 0 ? OutputVerdict.Allow : OutputVerdict.Replace(text, [new Redaction(RedactionType, count)]));
    }

    private static List<string> ReadTerms(IConfiguration configuration)
    {
        var terms = new List<string>();
        foreach (var child in configuration.GetSection($"{SectionName}:Terms").GetChildren())
        {
            if (child.Value is { } value)
            {
                terms.Add(value);
            }
        }

        return terms;
    }

    // One alternation, longest term first so "Falcon Two" wins over "Falcon"; letters, digits and '_' on either side
    // mean the name is part of a longer word ("Falconry") and does not count. Built once. Escaped literals joined by
    // \s+ cannot backtrack catastrophically, so no regex timeout (one fired under load on the first, JIT-compiling
    // match); the gateway's per-plugin budget still bounds every call and fails the request closed past it.
    private static Regex Compile(List<string> terms)
    {
        terms.Sort((a, b) => b.Length.CompareTo(a.Length));
        var pattern = new StringBuilder(@"(?<![\p{L}\p{N}_])(?:");
        for (var i = 0; i < terms.Count; i++)
        {
            if (i > 0)
            {
                pattern.Append('|');
            }

            var words = terms[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            for (var w = 0; w < words.Length; w++)
            {
                pattern.Append(w == 0 ? string.Empty : @"\s+").Append(Regex.Escape(words[w]));
            }
        }

        pattern.Append(@")(?![\p{L}\p{N}_])");
        return new Regex(pattern.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, Regex.InfiniteMatchTimeout);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Confidential-terms guard ready with {TermCount} terms")]
    private static partial void LogReady(ILogger logger, int termCount);
}
