using LlmGateway.Application.Common;
using LlmGateway.Application.Models;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Policies;
using LlmGateway.UnitTests.Support;

namespace LlmGateway.UnitTests.Application.Models;

public sealed class ModelQueryHandlerTests
{
    private static readonly IModelCatalog Catalogue = new StaticCatalogue(
    [
        new("gpt-4o", "openai"),
        new("gpt4o", "openai"),
        new("gpt-4o-mini", "openai"),
        new("llama3.1", "ollama"),
        new("local-echo", "local"),
    ]);

    private static readonly PolicySnapshot AllowsFour = TestPolicies.Compile(d => d with
    {
        Models = new ModelsSection { Allowed = ["gpt-4o", "gpt4o", "gpt-4o-mini", "local-echo"] },
    });

    [Fact]
    public async Task List_NoRestriction_EveryNameAndAliasOfTheCatalogue()
    {
        var list = await new ListModelsQueryHandler(Catalogue).Handle(new ListModelsQuery(new Caller("alice", Role.User), new RequestContext("r"), TestPolicies.Default), default);

        Assert.Equal(["gpt-4o", "gpt4o", "gpt-4o-mini", "llama3.1", "local-echo"], list.Value!.Models.Select(m => m.Id));
    }

    [Fact]
    public async Task List_PolicyAndKeyAllowLists_OnlyNamesBothAllowAsWritten()
    {
        var caller = new Caller("svc", Role.User) { Models = ["gpt-4o", "llama3.1", "gpt-4o-mini"] };

        var list = await new ListModelsQueryHandler(Catalogue).Handle(new ListModelsQuery(caller, new RequestContext("r"), AllowsFour), default);

        // llama3.1: the policy hides it; gpt4o: the key does not list the alias; local-echo: nor that.
        Assert.Equal(["gpt-4o", "gpt-4o-mini"], list.Value!.Models.Select(m => m.Id));
    }

    [Theory]
    [InlineData("gpt-4o", true)]
    [InlineData("gpt4o", false)]
    [InlineData("llama3.1", false)]
    [InlineData("no-such-model", false)]
    public async Task Get_SameAnswerAsTheList_404NamingModelOtherwise(string id, bool found)
    {
        var caller = new Caller("svc", Role.User) { Models = ["gpt-4o", "llama3.1"] };

        var result = await new GetModelQueryHandler(Catalogue).Handle(new GetModelQuery(caller, new RequestContext("r"), AllowsFour, id), default);

        Assert.Equal(found, result.Value is not null);
        if (!found)
        {
            Assert.Equal(GatewayError.NotFound, result.Failure!.Code);
            Assert.Equal(["model"], result.Failure.Errors!.Keys);
        }
    }

    private sealed class StaticCatalogue(IReadOnlyList<CatalogModel> models) : IModelCatalog
    {
        public IReadOnlyList<CatalogModel> Models => models;
    }
}
