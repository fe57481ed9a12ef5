using System.Globalization;
using LlmGateway.Application.Chat;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Spend;

/// <summary>
/// The spend side of a model request, for <see cref="Behaviors.RateLimitingBehavior{TMessage, TResponse}"/>: what it
/// reserves (its prompt's tokens, counted with the model's tokenizer, plus its token cap, and their price), what a
/// refusal says, and — once the inner pipeline answered — settling the reservation to the provider's reported usage,
/// or releasing it when no provider answered (a refusal, a cache hit, a provider failure).
/// </summary>
public sealed class SpendGate(ISpendLedger ledger, ITokenCounter tokens, IPriceTable prices, GatewayMetrics metrics, IOptions<GatewayOptions> options)
{
    /// <summary>A key's own request limit (<c>rpm_limit</c>) counts per minute.</summary>
    public static readonly TimeSpan KeyRateWindow = TimeSpan.FromMinutes(1);

    private const string OtherModel = "_OTHER";

    private readonly int _defaultMaxTokens = options.Value.DefaultMaxTokens;
    private readonly bool _keyIdLabel = options.Value.MetricsKeyIdLabel;

    /// <summary>The rate limiter's counter for a key with its own request limit (user ids cannot contain ':').</summary>
    public static string KeyLimiterId(string keyId) => "key:" + keyId;

    /// <summary>What <paramref name="request"/> asks to hold. The prompt is counted only when a token limit or a budget applies.</summary>
    public SpendReservation Plan(IChatCommand request, RoleLimits limits)
    {
        var caller = request.Caller;
        var chat = request.Chat;
        var price = prices.PriceFor(chat.Model);
        // Embeddings count against the request limit only: they have no answer tokens, and the price table is chat's.
        var budget = caller.KeyId is null || request is not ICacheableRequest ? null : caller.Budget;
        var keyTpm = caller.TpmLimit ?? 0;
        var teamTpm = request.Policy.Document.Limits.TeamTokensPerMinute;
        if (request is not ICacheableRequest || (keyTpm <= 0 && limits.TokensPerMinute <= 0 && teamTpm <= 0 && budget is null))
        {
            return new SpendReservation(caller.KeyId, caller.UserId, caller.TeamId, chat.Model, 0, 0, 0, 0, 0, null) { Price = price };
        }

        var prompt = tokens.CountPrompt(chat);
        var output = (long)ProviderCall.MaxTokens(request, chat, _defaultMaxTokens) * Math.Max(1, chat.ChoiceCount);
        var total = (int)Math.Min(int.MaxValue, prompt + output);
        // Reserved before routing: at the price of the dearest deployment that may answer, so no answer costs more.
        var cost = prices.HighestPriceFor(chat.Model).CostNanos(prompt, 0, output);
        return new SpendReservation(
            caller.KeyId, caller.UserId, caller.TeamId, chat.Model, total, cost, keyTpm, limits.TokensPerMinute, teamTpm, budget)
        {
            PromptTokens = prompt,
            Price = price,
        };
    }

    public ValueTask<SpendAdmission> ReserveAsync(SpendReservation reservation, CancellationToken cancellationToken) =>
        reservation.IsChecked ? ledger.ReserveAsync(reservation, cancellationToken) : ValueTask.FromResult(SpendAdmission.Unchecked);

    /// <summary>A reservation that was admitted but whose request is refused by the request limit after all.</summary>
    public void Release(SpendReservation reservation, SpendAdmission admission) => ledger.Release(reservation, admission);

    /// <summary>Why a refused reservation was refused, for the caller: which limit, how much it needed, when to retry.</summary>
    public static GatewayFailure Refusal(SpendReservation reservation, SpendAdmission admission)
    {
        if (admission.Verdict == SpendVerdict.BudgetExceeded)
        {
            var cost = ModelPrice.ToUsd(reservation.CostNanos).ToString("0.00####", CultureInfo.InvariantCulture);
            return new GatewayFailure(
                GatewayError.BudgetExceeded,
                string.Create(CultureInfo.InvariantCulture, $"The API key's budget of {reservation.Budget!.Describe()} is spent: this request could cost up to ${cost} (its prompt plus max_tokens). The budget resets at {admission.RetryAt:yyyy-MM-dd'T'HH:mm:ss'Z'}."))
            {
                RetryAt = admission.RetryAt,
            };
        }

        var scope = admission.Scope switch
        {
            SpendScope.Key => "API key",
            SpendScope.Team => "team",
            _ => "user",
        };
        return new GatewayFailure(
            GatewayError.RateLimited,
            string.Create(CultureInfo.InvariantCulture, $"Token limit of {admission.TokenLimit} tokens per minute for this {scope} reached: this request reserves {reservation.Tokens} tokens (its prompt plus max_tokens). Retry after the minute resets."))
        {
            RetryAt = admission.RetryAt,
        };
    }

    /// <summary>
    /// The inner pipeline's answer with the rate-limit decision and the spend record on it; the reservation settled to
    /// its usage (a stream: when it ends, cut at its reserved output if the provider overruns it) or released.
    /// </summary>
    public ValueTask<TResponse> Track<TResponse>(ValueTask<TResponse> pending, SpendReservation reservation, SpendAdmission admission, RateLimitDecision rate)
        where TResponse : IGatewayResponse<TResponse>
    {
        return pending.IsCompletedSuccessfully ? ValueTask.FromResult(Finish(pending.Result, reservation, admission, rate)) : AwaitAsync(pending, reservation, admission, rate);

        async ValueTask<TResponse> AwaitAsync(ValueTask<TResponse> pending, SpendReservation reservation, SpendAdmission admission, RateLimitDecision rate)
        {
            TResponse response;
            try
            {
                response = await pending;
            }
            catch
            {
                ledger.Release(reservation, admission);
                throw;
            }

            return Finish(response, reservation, admission, rate);
        }
    }

    private TResponse Finish<TResponse>(TResponse response, SpendReservation reservation, SpendAdmission admission, RateLimitDecision rate)
        where TResponse : IGatewayResponse<TResponse>
    {
        var decisions = response.Decisions;
        var answer = response as ICompletionCarrier;
        var record = new SpendRecord(reservation.KeyId, reservation.TeamId, reservation.Model, admission);
        // The deployment that answered may have a price of its own; else the table's for the model asked for.
        var price = decisions.Deployment?.Price ?? reservation.Price;
        if (decisions.Cache == CacheStatus.Hit)
        {
            // Answered from the cache: no provider was paid.
            ledger.Release(reservation, admission);
        }
        else if (answer?.Completion is { } completion)
        {
            Settle(reservation, admission, record, completion.Usage, price);
        }
        else if (answer?.Stream is { } stream)
        {
            var cap = reservation.IsChecked ? reservation.Tokens - reservation.PromptTokens : 0;
            stream.Meter(tokens, reservation.PromptTokens, cap, usage => Settle(reservation, admission, record, usage, price));
        }
        else if (decisions.Provider is not null)
        {
            // A provider answered but a later stage withheld the answer: it was paid for — what the provider reported, or
            // (no report) at most the reservation.
            var usage = decisions.WithheldUsage ?? new TokenUsage(reservation.PromptTokens, reservation.Tokens - reservation.PromptTokens, Estimated: true);
            Settle(reservation, admission, record, usage, price);
        }
        else
        {
            ledger.Release(reservation, admission);
        }

        return response.WithDecisions(decisions with { RateLimit = rate, Spend = record });
    }

    private void Settle(SpendReservation reservation, SpendAdmission admission, SpendRecord record, TokenUsage usage, ModelPrice price)
    {
        var use = new SpendUse(usage.PromptTokens, usage.CompletionTokens, price.CostNanos(usage));
        ledger.Settle(reservation, admission, use);
        record.Settled(use);
        metrics.RecordSpend(reservation.TeamId, prices.PricedName(reservation.Model) ?? OtherModel, _keyIdLabel ? reservation.KeyId : null, use);
    }
}
