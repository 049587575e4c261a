using System.Reflection;
using System.Runtime.InteropServices;

namespace DonorTrack.Core.Pdf.Skia;

/// <summary>Lets HarfBuzzSharp fall back to the system's libharfbuzz when its own native build is not deployed.</summary>
internal static class HarfBuzzNativeLibrary
{
    private static int _registered;

    // HarfBuzzSharp only ships Windows and macOS binaries unless HarfBuzzSharp.NativeAssets.Linux is referenced.
    // libHarfBuzzSharp is plain HarfBuzz under another name (same hb_* C API), so on Linux the
    // distribution's libharfbuzz.so.0 is a drop-in. The packaged library, when present, always wins.
    public static void EnsureResolvable()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(HarfBuzzSharp.Buffer).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // The host registered its own resolver for HarfBuzzSharp; respect it.
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (NativeLibrary.TryLoad(libraryName, assembly, searchPath, out var handle))
        {
            return handle;
        }

        if (libraryName == "libHarfBuzzSharp" && OperatingSystem.IsLinux()
            && NativeLibrary.TryLoad("libharfbuzz.so.0", out handle))
        {
            return handle;
        }

        return IntPtr.Zero;
    }
}
