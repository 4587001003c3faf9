/* Stand-in for Windows' bcryptprimitives.dll, for the Wine TEST prefix only — never shipped.
 *
 * pydantic_core's extension (built with Rust >= 1.78) imports ProcessPrng, which Windows 10
 * has and Wine 8 lacks; without it pydantic (and so the till) cannot be imported. This one
 * fills the buffer from BCryptGenRandom, the system's preferred random number generator.
 */
#include <windows.h>
#include <bcrypt.h>

/* Found by installer/windows/check_stand_ins.py wherever a copy ends up (never in a bundle). */
__declspec(dllexport) const char cashier_wine_stand_in[] = "cashier-wine-stand-in";

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) {
            return FALSE;
        }
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
