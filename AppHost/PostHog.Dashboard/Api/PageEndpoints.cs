using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PostHog.Dashboard.Api;

/// <summary>The page shell (one HTML file for every page; app.js renders the page the path names) and its static files.</summary>
internal static class PageEndpoints
{
    private static readonly FrozenDictionary<string, byte[]> Files = LoadFiles();

    public static void MapPages(this IEndpointRouteBuilder endpoints)
    {
        foreach (var page in new[] { "/", "/console", "/console/{id}", "/structured", "/traces", "/traces/{id}", "/metrics" })
        {
            endpoints.MapGet(page, () => Results.Bytes(Files["index.html"], "text/html; charset=utf-8"));
        }

        endpoints.MapGet("/static/{file}", (string file) => Files.TryGetValue(file, out var bytes)
            ? Results.Bytes(bytes, ContentType(file))
            : Results.NotFound());
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    private static FrozenDictionary<string, byte[]> LoadFiles()
    {
        var assembly = typeof(PageEndpoints).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[name["wwwroot/".Length..]] = buffer.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
