/* Stand-in for cfgmgr32.dll, for the Wine TEST prefix only — never shipped.
 *
 * pyserial's list_ports_windows (imported with the printer transports) looks up
 * CM_MapCrToWin32Err, which Wine 8's cfgmgr32 lacks. This native replacement (loaded with
 * WINEDLLOVERRIDES=cfgmgr32=n,b) adds it; cfgmgr32.def forwards the rest to Wine's setupapi,
 * which implements the configuration manager. comports() then lists no port, as on a PC
 * without serial ports.
 */
#include <windows.h>

/* Found by installer/windows/check_stand_ins.py wherever a copy ends up (never in a bundle). */
__declspec(dllexport) const char cashier_wine_stand_in[] = "cashier-wine-stand-in";

#define CR_SUCCESS 0x00
#define CR_OUT_OF_MEMORY 0x02
#define CR_INVALID_POINTER 0x03
#define CR_INVALID_FLAG 0x04
#define CR_INVALID_DEVNODE 0x05
#define CR_BUFFER_SMALL 0x1A
#define CR_NO_SUCH_DEVNODE 0x0D
#define CR_NO_SUCH_VALUE 0x25
#define CR_ACCESS_DENIED 0x33

DWORD WINAPI CM_MapCrToWin32Err(DWORD code, DWORD fallback) {
    switch (code) {
    case CR_SUCCESS: return ERROR_SUCCESS;
    case CR_OUT_OF_MEMORY: return ERROR_NOT_ENOUGH_MEMORY;
    case CR_INVALID_POINTER: return ERROR_INVALID_USER_BUFFER;
    case CR_INVALID_FLAG: return ERROR_INVALID_FLAGS;
    case CR_INVALID_DEVNODE:
    case CR_NO_SUCH_DEVNODE: return ERROR_FILE_NOT_FOUND;
    case CR_BUFFER_SMALL: return ERROR_INSUFFICIENT_BUFFER;
    case CR_NO_SUCH_VALUE: return ERROR_NOT_FOUND;
    case CR_ACCESS_DENIED: return ERROR_ACCESS_DENIED;
    default: return fallback;
    }
}
