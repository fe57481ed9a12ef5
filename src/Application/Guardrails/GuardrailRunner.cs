using System.Diagnostics;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Guardrails;

/// <summary>
/// Runs the plugin guards in configured order — those the policy does not switch off (<c>plugins</c>) —, each within <c>Guardrails:PluginTimeoutMs</c>, each in its own
/// <c>gateway.plugin {name}</c> span. A guard that throws, overruns its budget or returns a malformed verdict counts as
/// a block (fail closed, ADR 3), which an enforcing policy turns into a refusal and a monitoring one only records.
/// The caller learns which plugin decided; the logs get the plugin's name and the exception type, never a text.
/// </summary>
public sealed partial class GuardrailRunner
{
    public const string FailedRuleId = "guardrail-plugin-failed";
    public const string TimedOutRuleId = "guardrail-plugin-timeout";

    private readonly GuardList<IPromptGuard> _promptGuards;
    private readonly GuardList<IOutputGuard> _outputGuards;
    private readonly TimeSpan _budget;
    private readonly TimeProvider _time;
    private readonly ILogger<GuardrailRunner> _logger;

    public GuardrailRunner(GuardrailSet guards, IOptions<GuardrailOptions> options, TimeProvider time, ILogger<GuardrailRunner> logger)
    {
        _promptGuards = new([.. guards.PromptGuards], guards.PromptNames, "prompt");
        _outputGuards = new([.. guards.OutputGuards], guards.OutputNames, "output");
        _budget = TimeSpan.FromMilliseconds(options.Value.PluginTimeoutMs);
        _time = time;
        _logger = logger;
    }

    /// <summary>Whether any prompt guard runs under <paramref name="policy"/> (its <c>plugins</c> section may switch them off).</summary>
    public bool HasPromptGuardsFor(PolicySnapshot policy) => _promptGuards.AnyRuns(policy);

    /// <summary>Whether any output guard runs under <paramref name="policy"/>; without one, streams are not buffered for them.</summary>
    public bool HasOutputGuardsFor(PolicySnapshot policy) => _outputGuards.AnyRuns(policy);

    /// <summary>Why the prompt is blocked, or no failure when every prompt guard allows it (or the policy only monitors).</summary>
    public async ValueTask<PromptCheck> CheckPromptAsync(ChatRequest chat, Caller caller, RequestContext context, PolicySnapshot policy, CancellationToken cancellationToken)
    {
        var request = new PromptGuardRequest(chat, caller, policy.Version, context.RequestId);
        var wouldBlock = false;
        for (var i = _promptGuards.NextRunning(-1, policy); i >= 0; i = _promptGuards.NextRunning(i, policy))
        {
            var name = _promptGuards.Names[i];
            using var activity = _promptGuards.StartSpan(i);
            var call = await InvokeAsync(static (g, r, ct) => g.InspectAsync(r, ct), _promptGuards.Guards[i], request, cancellationToken);
            if (call.Fault is { } fault)
            {
                RecordFault(activity, call, fault, name, _promptGuards.Kind, context.RequestId);
                if (policy.Enforces)
                {
                    return new PromptCheck(PromptFault(name, fault), WouldBlock: false);
                }

                wouldBlock = true;
                continue;
            }

            var verdict = call.Verdict;
            Record(activity, call, verdict.IsBlocked ? "block" : "allow");
            if (!verdict.IsBlocked)
            {
                continue;
            }

            var ruleId = RuleId(verdict.RuleId, name);
            if (!policy.Enforces)
            {
                wouldBlock = true;
                LogPromptMonitored(_logger, name, ruleId, policy.Version, context.Prompt?.Length, context.Prompt?.Hash);
                continue;
            }

            LogPromptBlocked(_logger, caller.UserId, name, ruleId, policy.Version, context.Prompt?.Length, context.Prompt?.Hash);
            var failure = new GatewayFailure(GatewayError.PromptBlocked, Detail($"The prompt was blocked by guardrail plugin '{name}'", verdict.Reason))
            {
                RuleIds = [ruleId],
            };
            return new PromptCheck(failure, WouldBlock: false);
        }

        return new PromptCheck(null, wouldBlock);
    }

    /// <summary>
    /// The answer as the caller may see it (replaced by guards, redactions appended), or why it is withheld. Guards judge
    /// every text the answer carries — each choice's content and refusal and each tool call's arguments — one at a time,
    /// so a second choice or a tool call cannot carry past a guard what the first choice's text could not.
    /// </summary>
    public async ValueTask<OutputCheck> CheckOutputAsync(Completion completion, Caller caller, RequestContext context, PolicySnapshot policy, CancellationToken cancellationToken)
    {
        var guarded = new GuardedAnswer(completion.Redactions);
        if (completion.Choices is not { } choices)
        {
            var text = await GuardTextAsync(completion.Text, OutputPart.Content, 0, guarded, caller, context, policy, cancellationToken);
            return guarded.Check(text is null || ReferenceEquals(text, completion.Text) ? completion : completion with { Text = text, Redactions = guarded.Redactions });
        }

        CompletionChoice[]? updated = null;
        for (var c = 0; c < choices.Count; c++)
        {
            var choice = choices[c];
            var content = await GuardTextAsync(choice.Content, OutputPart.Content, choice.Index, guarded, caller, context, policy, cancellationToken);
            var refusal = await GuardTextAsync(choice.Refusal, OutputPart.Refusal, choice.Index, guarded, caller, context, policy, cancellationToken);
            var toolCalls = choice.ToolCalls;
            for (var t = 0; guarded.Failure is null && toolCalls is not null && t < toolCalls.Count; t++)
            {
                var arguments = await GuardTextAsync(toolCalls[t].Arguments, OutputPart.ToolArguments, choice.Index, guarded, caller, context, policy, cancellationToken);
                if (arguments is not null && !ReferenceEquals(arguments, toolCalls[t].Arguments))
                {
                    var calls = toolCalls as ToolCall[] ?? [.. toolCalls];
                    calls[t] = calls[t] with { Arguments = arguments };
                    toolCalls = calls;
                }
            }

            if (guarded.Failure is not null)
            {
                return guarded.Check(null);
            }

            if (!ReferenceEquals(content, choice.Content) || !ReferenceEquals(refusal, choice.Refusal) || !ReferenceEquals(toolCalls, choice.ToolCalls))
            {
                updated ??= [.. choices];
                updated[c] = choice with { Content = content, Refusal = refusal, ToolCalls = toolCalls };
            }
        }

        if (updated is null && guarded.Redactions.Count == completion.Redactions.Count)
        {
            return guarded.Check(completion);
        }

        var result = completion with { Redactions = guarded.Redactions };
        return guarded.Check(updated is null ? result : result with { Choices = updated, Text = updated[0].Content ?? completion.Text });
    }

    /// <summary>One text through every output guard in order; null when it is withheld (the failure is on <paramref name="guarded"/>).</summary>
    private async ValueTask<string?> GuardTextAsync(
        string? text, OutputPart part, int choiceIndex, GuardedAnswer guarded, Caller caller, RequestContext context, PolicySnapshot policy, CancellationToken cancellationToken)
    {
        if (text is null || guarded.Failure is not null)
        {
            return null;
        }

        for (var i = _outputGuards.NextRunning(-1, policy); i >= 0; i = _outputGuards.NextRunning(i, policy))
        {
            var name = _outputGuards.Names[i];
            using var activity = _outputGuards.StartSpan(i);
            var request = new OutputGuardRequest(text, caller, policy.Version, context.RequestId) { Part = part, ChoiceIndex = choiceIndex };
            var call = await InvokeAsync(static (g, r, ct) => g.InspectAsync(r, ct), _outputGuards.Guards[i], request, cancellationToken);
            var verdict = call.Verdict;
            var fault = call.Fault ?? (verdict.Action == OutputAction.Replace && verdict.Text is null ? GuardFault.InvalidVerdict : null);
            if (fault is { } f)
            {
                RecordFault(activity, call, f, name, _outputGuards.Kind, context.RequestId);
                if (policy.Enforces)
                {
                    guarded.Failure = OutputFault(name, f);
                    return null;
                }

                guarded.WouldBlock = true;
                continue;
            }

            switch (verdict.Action)
            {
                case OutputAction.Replace:
                    Record(activity, call, "replace");
                    text = verdict.Text!;
                    guarded.Add(verdict.Redactions);
                    break;
                case OutputAction.Block:
                    Record(activity, call, "block");
                    var ruleId = RuleId(verdict.RuleId, name);
                    if (!policy.Enforces)
                    {
                        guarded.WouldBlock = true;
                        LogOutputMonitored(_logger, name, ruleId, policy.Version, text.Length);
                        break;
                    }

                    LogOutputBlocked(_logger, caller.UserId, name, ruleId, policy.Version, text.Length);
                    guarded.Failure = new GatewayFailure(GatewayError.PolicyDenied, Detail($"The answer was withheld by guardrail plugin '{name}'", verdict.Reason));
                    return null;
                default:
                    Record(activity, call, "allow");
                    break;
            }
        }

        return text;
    }

    private async ValueTask<GuardCall<TVerdict>> InvokeAsync<TGuard, TRequest, TVerdict>(
        Func<TGuard, TRequest, CancellationToken, ValueTask<TVerdict>> call,
        TGuard guard,
        TRequest request,
        CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var budget = new CancellationTokenSource(_budget, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            var pending = call(guard, request, linked.Token);
            TVerdict verdict;
            if (pending.IsCompletedSuccessfully)
            {
                verdict = pending.Result;
            }
            else
            {
                // A guard that ignores its token is not waited for past the budget; its late result is dropped.
                var task = pending.AsTask();
                var remaining = _budget - _time.GetElapsedTime(started);
                try
                {
                    verdict = remaining > TimeSpan.Zero
                        ? await task.WaitAsync(remaining, _time, cancellationToken)
                        : throw new TimeoutException();
                }
                catch (TimeoutException)
                {
                    // Also when the guard was cancelled at the budget in the same instant: the budget is spent either way.
                    _ = task.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    return new GuardCall<TVerdict>(default!, GuardFault.TimedOut, null, _time.GetElapsedTime(started));
                }
            }

            var elapsed = _time.GetElapsedTime(started);
            // A guard that blocked the thread past its budget and then answered has still overrun it.
            return elapsed > _budget
                ? new GuardCall<TVerdict>(default!, GuardFault.TimedOut, null, elapsed)
                : new GuardCall<TVerdict>(verdict, null, null, elapsed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // The caller went away: not the plugin's fault.
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return new GuardCall<TVerdict>(default!, GuardFault.TimedOut, null, _time.GetElapsedTime(started));
        }
#pragma warning disable CA1031 // A plugin may throw anything; every exception fails the request closed, none takes the gateway down.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return new GuardCall<TVerdict>(default!, GuardFault.Failed, exception.GetType().FullName, _time.GetElapsedTime(started));
        }
    }

    /// <summary>The rule id a block is reported under: the guard's own, or else the guard's name.</summary>
    private static string RuleId(string? verdictRuleId, string guardName) =>
        string.IsNullOrWhiteSpace(verdictRuleId) ? guardName : verdictRuleId;

    private static void Record<TVerdict>(Activity? activity, GuardCall<TVerdict> call, string verdict)
    {
        activity?.SetTag("gateway.plugin.verdict", verdict);
        activity?.SetTag("gateway.plugin.duration_ms", call.Elapsed.TotalMilliseconds);
    }

    /// <summary>A guard that threw, overran or answered nonsense: on its span and in the log, by type, never by text.</summary>
    private void RecordFault<TVerdict>(Activity? activity, GuardCall<TVerdict> call, GuardFault fault, string guardName, string kind, string requestId)
    {
        if (activity is not null)
        {
            Record(activity, call, fault == GuardFault.TimedOut ? "timeout" : "error");
            activity.SetTag("error.type", fault switch
            {
                GuardFault.TimedOut => "timeout",
                GuardFault.InvalidVerdict => "invalid_verdict",
                _ => call.ErrorType,
            });
            activity.SetStatus(ActivityStatusCode.Error);
        }

        switch (fault)
        {
            case GuardFault.TimedOut:
                LogTimedOut(_logger, kind, guardName, (int)_budget.TotalMilliseconds, requestId);
                break;
            case GuardFault.InvalidVerdict:
                LogFailed(_logger, kind, guardName, "invalid verdict", requestId);
                break;
            default:
                LogFailed(_logger, kind, guardName, call.ErrorType ?? "unknown", requestId);
                break;
        }
    }

    private static string Detail(string decided, string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? $"{decided}." : $"{decided}: {reason}";

    private static GatewayFailure PromptFault(string guardName, GuardFault fault) =>
        new(GatewayError.PromptBlocked, fault == GuardFault.TimedOut
            ? $"The prompt was blocked: guardrail plugin '{guardName}' did not decide within its time budget, and an unchecked prompt is never sent on. Retrying may help."
            : $"The prompt was blocked: guardrail plugin '{guardName}' failed, and an unchecked prompt is never sent on. Quote the request_id when reporting it.")
        {
            RuleIds = [fault == GuardFault.TimedOut ? TimedOutRuleId : FailedRuleId],
        };

    private static GatewayFailure OutputFault(string guardName, GuardFault fault) =>
        new(GatewayError.PolicyDenied, fault == GuardFault.TimedOut
            ? $"The answer was withheld: guardrail plugin '{guardName}' did not decide within its time budget, and an unchecked answer is never returned. Retrying may help."
            : $"The answer was withheld: guardrail plugin '{guardName}' failed, and an unchecked answer is never returned. Quote the request_id when reporting it.");

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning,
        Message = "Prompt blocked for {UserId:l} by guardrail plugin {Plugin:l} (rule {RuleId:l}, policy v{PolicyVersion}), prompt {PromptChars} chars #{PromptHash:l}")]
    private static partial void LogPromptBlocked(ILogger logger, string userId, string plugin, string ruleId, long policyVersion, int? promptChars, string? promptHash);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information,
        Message = "Prompt would be blocked by guardrail plugin {Plugin:l} (monitor mode, rule {RuleId:l}, policy v{PolicyVersion}), prompt {PromptChars} chars #{PromptHash:l}")]
    private static partial void LogPromptMonitored(ILogger logger, string plugin, string ruleId, long policyVersion, int? promptChars, string? promptHash);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning,
        Message = "Answer withheld for {UserId:l} by guardrail plugin {Plugin:l} (rule {RuleId:l}, policy v{PolicyVersion}), answer {AnswerChars} chars")]
    private static partial void LogOutputBlocked(ILogger logger, string userId, string plugin, string ruleId, long policyVersion, int answerChars);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information,
        Message = "Answer would be withheld by guardrail plugin {Plugin:l} (monitor mode, rule {RuleId:l}, policy v{PolicyVersion}), answer {AnswerChars} chars")]
    private static partial void LogOutputMonitored(ILogger logger, string plugin, string ruleId, long policyVersion, int answerChars);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning,
        Message = "Guardrail plugin {Plugin:l} ({Kind:l} guard) failed with {ErrorType:l}; counted as a block for request {RequestId:l}")]
    private static partial void LogFailed(ILogger logger, string kind, string plugin, string errorType, string requestId);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Warning,
        Message = "Guardrail plugin {Plugin:l} ({Kind:l} guard) did not decide within {BudgetMs} ms; counted as a block for request {RequestId:l}")]
    private static partial void LogTimedOut(ILogger logger, string kind, string plugin, int budgetMs, string requestId);

    private enum GuardFault
    {
        Failed,
        TimedOut,
        InvalidVerdict,
    }

    private readonly record struct GuardCall<TVerdict>(TVerdict Verdict, GuardFault? Fault, string? ErrorType, TimeSpan Elapsed);

    /// <summary>The guards of one kind in configured order, with their names (<see cref="GuardrailSet"/> read them) and their spans' names.</summary>
    private sealed class GuardList<TGuard>
    {
        private readonly string[] _spans;

        public GuardList(TGuard[] guards, string[] names, string kind)
        {
            Guards = guards;
            Names = names;
            _spans = Array.ConvertAll(Names, name => $"gateway.plugin {name}");
            Kind = kind;
        }

        public TGuard[] Guards { get; }

        public string[] Names { get; }

        /// <summary><c>prompt</c> or <c>output</c>, for spans and logs.</summary>
        public string Kind { get; }

        public bool AnyRuns(PolicySnapshot policy) => NextRunning(-1, policy) >= 0;

        /// <summary>The index of the next guard after <paramref name="after"/> that <paramref name="policy"/> does not switch off; -1 when none is left.</summary>
        public int NextRunning(int after, PolicySnapshot policy)
        {
            var disabled = policy.DisabledPlugins;
            for (var i = after + 1; i < Names.Length; i++)
            {
                if (disabled.Count == 0 || !disabled.Contains(Names[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        public Activity? StartSpan(int index)
        {
            var activity = GatewayTelemetry.Source.StartActivity(_spans[index]);
            activity?.SetTag("gateway.plugin.name", Names[index]);
            activity?.SetTag("gateway.plugin.kind", Kind);
            return activity;
        }
    }

    /// <summary>What the guards decided over the texts of one answer so far.</summary>
    private sealed class GuardedAnswer(IReadOnlyList<Redaction> redactions)
    {
        public IReadOnlyList<Redaction> Redactions { get; private set; } = redactions;

        public GatewayFailure? Failure { get; set; }

        public bool WouldBlock { get; set; }

        public void Add(IReadOnlyList<Redaction>? added)
        {
            if (added is { Count: > 0 })
            {
                Redactions = [.. Redactions, .. added];
            }
        }

        public OutputCheck Check(Completion? completion) =>
            Failure is { } failure ? new OutputCheck(null, failure, WouldBlock: false) : new OutputCheck(completion, null, WouldBlock);
    }
}

/// <summary>What the output guards left: the answer to return, or the failure that withholds it.</summary>
/// <param name="Failure">Why the prompt is blocked (plugin block or fault, in an enforcing policy); null when it may pass.</param>
/// <param name="WouldBlock">A monitoring policy let through what a plugin blocked or failed on.</param>
public readonly record struct PromptCheck(GatewayFailure? Failure, bool WouldBlock);

/// <param name="WouldBlock">A monitoring policy let through what a plugin withheld or failed on.</param>
public readonly record struct OutputCheck(Completion? Completion, GatewayFailure? Failure, bool WouldBlock);
