using LlmGateway.Api.Http;
using LlmGateway.Application.Models;
using LlmGateway.Application.Ports;

namespace LlmGateway.Api.Controllers;

[Route("v1/models")]
[Tags("OpenAI-compatible")]
public sealed class ModelsController(ISender mediator, IPolicyStore policies) : GatewayController(mediator)
{
    /// <summary>The models the configured providers serve and the live policy allows, in OpenAI's list shape.</summary>
    [HttpGet(Name = "ListModels")]
    [ProducesResponseType<ModelListResponse>(StatusCodes.Status200OK)]
    [OpenAiErrors(StatusCodes.Status401Unauthorized)]
    public Task<IActionResult> ListAsync(CancellationToken cancellationToken)
    {
        var query = new ListModelsQuery(Caller, NewContext(), policies.ForTeam(Caller.TeamId));
        return SendAsync(query, list =>
            Ok(new ModelListResponse("list", ToResponses(list.Models, static model => new ModelResponse(model.Id, "model", 0, model.OwnedBy)))), cancellationToken);
    }

    /// <summary>One model the caller may use, in OpenAI's model shape; 404 in OpenAI's error shape (param <c>model</c>) otherwise.</summary>
    [HttpGet("{*id}", Name = "RetrieveModel")]
    [ProducesResponseType<ModelResponse>(StatusCodes.Status200OK)]
    [OpenAiErrors(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound)]
    public Task<IActionResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        var query = new GetModelQuery(Caller, NewContext(), policies.ForTeam(Caller.TeamId), id);
        return SendAsync(query, model => Ok(new ModelResponse(model.Id, "model", 0, model.OwnedBy)), cancellationToken);
    }
}
