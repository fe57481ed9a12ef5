using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LlmGateway.Api.Http;

/// <summary>
/// Binds every <c>[FromBody]</c> parameter through <see cref="RequestBody"/>, so a controller reads JSON exactly as the
/// gateway always has: its serializer options, its 400/415 answers for a missing, non-JSON or malformed body, and a
/// client that leaves mid-body recorded as <c>client_closed</c> instead of a validation failure. Validation is the
/// pipeline's (FluentValidation); MVC's model validation is switched off in <c>AddApi</c>.
/// </summary>
internal sealed class GatewayBodyBinder : IModelBinder, IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.BindingInfo.BindingSource == BindingSource.Body ? this : null;

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var http = bindingContext.HttpContext;
        // Null only when the client left: ClientClosedFilter then ends the request without an answer.
        var body = await RequestBody.ReadJsonAsync(http, bindingContext.ModelType, http.RequestAborted);
        bindingContext.Result = ModelBindingResult.Success(body);
    }
}

/// <summary>Runs before every other action filter: a request whose client left while its body was read gets no answer.</summary>
internal sealed class ClientClosedFilter : IActionFilter, IOrderedFilter
{
    public int Order => int.MinValue;

    public void OnActionExecuting(ActionExecutingContext context)
    {
        if (ReferenceEquals(context.HttpContext.Features.Get<GatewayOutcomeFeature>(), GatewayOutcomeFeature.ClientClosed))
        {
            context.Result = new EmptyResult();
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
