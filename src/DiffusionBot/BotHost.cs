namespace DiffusionBot;

/// <summary>The long-running bot: web endpoints now, chat adapters and workers as they land.</summary>
internal static class BotHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        HostConfiguration.Add(builder.Configuration, args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        }

        var options = EngineConfiguration.Read(builder.Configuration);
        EngineConfiguration.EnsureAModel(options.ModelsPath);
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("ok"));
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
