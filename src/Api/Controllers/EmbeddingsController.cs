using System.Runtime.CompilerServices;
using LlmGateway.Api.Http;
using LlmGateway.Application.Common;
using LlmGateway.Application.Embeddings;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Api.Controllers;

[Route("v1/embeddings")]
[Tags("OpenAI-compatible")]
public sealed class EmbeddingsController(ISender mediator, ModelRouteServices routes) : ModelController(mediator, routes)
{
    private MappedEmbeddingsRequest _request;

    /// <summary>OpenAI embeddings: every input is checked as a prompt is, then embedded by the provider that serves the model.</summary>
    /// <remarks>
    /// input: a string or an array of strings (up to 2048); each goes through prompt inspection, the prompt plugins and the
    /// policy's blocked terms and model allow-list like a prompt, and counts once against the rate limit. Token arrays carry
    /// no text the gateway can read, so they are accepted only when the live policy checks no input text (400 naming input
    /// otherwise). encoding_format (float or base64), dimensions and any other field are forwarded unchanged and the
    /// provider's answer is relayed as it came, usage included. Not cached; the vectors are not output-filtered. Without a
    /// provider serving the model, the built-in local provider answers deterministic stand-in vectors (for tests and
    /// development, not a model). A provider's 4xx (other than 408, 409, 429) comes back with its status.
    /// </remarks>
    [HttpPost(Name = "CreateEmbeddings")]
    [JsonBody(typeof(EmbeddingsRequest))]
    [ProducesResponseType<EmbeddingsResponse>(StatusCodes.Status200OK)]
    public Task<IActionResult> CreateAsync(CancellationToken cancellationToken) => HandleAsync(cancellationToken);

    private protected override GatewayFailure? Read(ReadOnlyMemory<byte> body, PolicySnapshot policy)
    {
        _request = OpenAiRequestMapper.ToEmbeddingsRequest(body, Routes.DefaultModel, Routes.ChecksInputText(policy));
        return _request.Failure;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private protected override async ValueTask<IActionResult> AnswerAsync(Caller caller, PolicySnapshot policy, CancellationToken cancellationToken)
    {
        var chat = _request.Chat!;
        var context = RequestRecord.Start(HttpContext, policy, chat.Messages.Count > 0 ? chat.Messages[0].Content : string.Empty);
        var result = await Mediator.Send(new EmbeddingsCommand(caller, context, policy, chat, _request.Format), cancellationToken);
        var record = GatewayHttp.RecordDecisions(HttpContext, result.Decisions, Routes.Time);
        if (result.Failure is { } failure)
        {
            return failure.ToActionResult();
        }

        var answer = result.Value!;
        record.Usage = answer.Usage;
        return GatewayResults.RawJson(answer.Body);
    }
}
