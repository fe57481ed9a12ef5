using LlmGateway.Domain.Filtering;

namespace LlmGateway.Application.Chat;

/// <summary>
/// The output filter over every field of a whole answer that carries the model's words: each choice's content (inside
/// its JSON strings when the client asked for JSON), refusal, tool-call names and arguments (always JSON), and the
/// model name the provider reported. Ids, roles and finish reasons are the gateway's or the protocol's, not text.
/// </summary>
internal static class CompletionFilter
{
    private static ModelMemo? s_lastModel;

    public static (Completion Completion, IReadOnlyList<Redaction> Redactions) Filter(OutputFilter filter, Completion completion, bool jsonOutput)
    {
        var model = FilterModel(filter, completion.Model);
        if (completion.Choices is null && !jsonOutput)
        {
            var text = filter.Filter(completion.Text);
            if (text.Redactions.Count == 0 && model.Redactions.Count == 0)
            {
                return (completion, []);
            }

            var tally = new RedactionTally();
            tally.Add(text.Redactions);
            tally.Add(model.Redactions);
            return (completion with { Text = text.Text, Model = model.Text }, tally.ToList());
        }

        var redactions = new RedactionTally();
        redactions.Add(model.Redactions);
        var choices = completion.Choices ?? [new CompletionChoice(0, completion.Text, completion.FinishReason)];
        var filtered = new CompletionChoice[choices.Count];
        for (var i = 0; i < filtered.Length; i++)
        {
            filtered[i] = FilterChoice(filter, choices[i], jsonOutput, redactions);
        }

        var first = filtered.Length > 0 ? filtered[0].Content ?? string.Empty : string.Empty;
        return redactions.Count == 0
            ? (completion, [])
            : (completion with { Text = first, Model = model.Text, Choices = completion.Choices is null ? null : filtered }, redactions.ToList());
    }

    /// <summary>One field of text, filtered as JSON or as prose, its redactions added to <paramref name="redactions"/>.</summary>
    public static string? Text(OutputFilter filter, string? text, bool json, RedactionTally redactions)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var result = json ? JsonTextFilter.FilterWhole(filter, text) : filter.Filter(text);
        redactions.Add(result.Redactions);
        return result.Text;
    }

    /// <summary>
    /// The provider's model name is relayed to the client and cached, so it is filtered like the answer; providers name
    /// the same few models over and over, so the last name and its result are remembered (per filter, that is per policy).
    /// </summary>
    public static FilterResult FilterModel(OutputFilter filter, string model)
    {
        var memo = s_lastModel;
        if (memo is not null && ReferenceEquals(memo.Filter, filter) && string.Equals(memo.Model, model, StringComparison.Ordinal))
        {
            return memo.Result;
        }

        var result = filter.Filter(model);
        s_lastModel = new ModelMemo(filter, model, result);
        return result;
    }

    private static CompletionChoice FilterChoice(OutputFilter filter, CompletionChoice choice, bool jsonOutput, RedactionTally redactions)
    {
        ToolCall[]? calls = null;
        if (choice.ToolCalls is { } toolCalls)
        {
            calls = new ToolCall[toolCalls.Count];
            for (var i = 0; i < calls.Length; i++)
            {
                var call = toolCalls[i];
                calls[i] = call with
                {
                    Name = Text(filter, call.Name, json: false, redactions)!,
                    Arguments = Text(filter, call.Arguments, json: true, redactions)!,
                };
            }
        }

        return choice with
        {
            Content = Text(filter, choice.Content, jsonOutput, redactions),
            Refusal = Text(filter, choice.Refusal, json: false, redactions),
            ToolCalls = calls,
        };
    }

    private sealed record ModelMemo(OutputFilter Filter, string Model, FilterResult Result);
}
