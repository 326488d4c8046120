using System.Text.Json;
using Microsoft.Playwright;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Playground.Tests;

/// <summary>The page in headless Chromium (Debian's package; Playwright never downloads a browser).</summary>
[Collection(HostCollection.Name)]
public sealed class PlaygroundPageTests(BotHostFixture host) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        _page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 880, Height = 600 } });
        _page.SetDefaultTimeout((float)Wait.TotalMilliseconds);
        await _page.GotoAsync(host.BaseAddress.ToString());
    }

    [Fact]
    public async Task Composer_ShowsPreviewsThenARedResult_AndV1PostsASecondResult()
    {
        await _page.FillAsync("#composer-input", "/imagine red --size 512x512 --steps 150 --seed 5");
        var outcome = await PostAsync("/api/messages", () => _page.PressAsync("#composer-input", "Enter"));
        var status = $".message[data-id=\"{outcome.GetProperty("statusMessageId").GetInt64()}\"]";

        await _page.Locator($"{status} img[data-kind=\"preview\"]").WaitForAsync();
        var result = _page.Locator($"{status} .thread .message[data-kind=\"result\"]");
        var image = result.Locator("img.result-image").First;
        await image.WaitForAsync();
        Assert.True(Colours.IsRed(await FetchAsync(image)), "the result should be red");
        // Once the result is posted the status shows a thumbnail of it (a PNG), not the last JPEG preview.
        await _page.WaitForFunctionAsync("s => document.querySelector(s)?.textContent.startsWith('Done')", $"{status} > .text");
        var thumbnail = await FetchAsync(_page.Locator($"{status} > .body img"));
        Assert.Equal("image/png", ImageType.Of(thumbnail));
        Assert.True(Colours.IsRed(thumbnail), $"thumbnail mean colour {Colours.Mean(thumbnail)}");
        await result.Locator(".buttons").ScrollIntoViewIfNeededAsync();
        await _page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "playground.png") });

        var varied = await PostAsync("/api/actions", () => result.Locator("button[data-action=\"vary\"][data-index=\"0\"]").ClickAsync());

        var second = _page.Locator($".message[data-id=\"{varied.GetProperty("statusMessageId").GetInt64()}\"] .thread img.result-image").First;
        await second.WaitForAsync();
        Assert.True(Colours.IsRed(await FetchAsync(second)), "a variation of red should stay red");
    }

    [Fact]
    public async Task DropOnResult_RunsImageToImage_WithTheResultsPrompt()
    {
        var outcome = await host.SayAsync("/imagine red --size 128x128 --steps 20 --seed 9");
        var image = _page.Locator($".message[data-id=\"{outcome.GetProperty("statusMessageId").GetInt64()}\"] img.result-image").First;
        await image.WaitForAsync();

        var dropped = await PostAsync("/api/img2img", () => _page.EvaluateAsync(
            """
            async ([selector, base64]) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const data = new DataTransfer();
              data.items.add(new File([bytes], 'green.png', { type: 'image/png' }));
              const target = document.querySelector(selector);
              target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
            }
            """,
            new object[] { $".message[data-id=\"{outcome.GetProperty("statusMessageId").GetInt64()}\"] img.result-image", Convert.ToBase64String(GreenPng()) }));

        Assert.Equal("queued", dropped.GetProperty("outcome").GetString());
        var result = _page.Locator($".message[data-id=\"{dropped.GetProperty("statusMessageId").GetInt64()}\"] .thread img.result-image").First;
        await result.WaitForAsync();
        Assert.NotEmpty(await FetchAsync(result));
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    private async Task<JsonElement> PostAsync(string path, Func<Task> action)
    {
        var response = await _page.RunAndWaitForResponseAsync(action, r => r.Url.EndsWith(path, StringComparison.Ordinal) && r.Request.Method == "POST");
        return JsonDocument.Parse(await response.TextAsync()).RootElement.Clone();
    }

    private async Task<byte[]> FetchAsync(ILocator image)
    {
        var src = await image.GetAttributeAsync("src");
        return await host.Http.GetByteArrayAsync(new Uri(src!, UriKind.Relative));
    }

    private static byte[] GreenPng()
    {
        using var image = new Image<Rgb24>(128, 128, new Rgb24(20, 200, 40));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static string ChromiumPath()
    {
        string[] names = ["chromium", "chromium-browser"];
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin");
        return folders.SelectMany(f => names.Select(n => Path.Combine(f, n))).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium was not found on PATH; install Debian's chromium package (apt-get install chromium).");
    }
}
