/* Stand-in for Windows' system ICU (icuuc.dll), for the Wine TEST prefix only — never shipped.
 *
 * PySide6 >= 6.10's Qt6Core.dll imports these ucnv_* functions from the ICU that Windows 10
 * 1703+ carries; Wine 8 has no icuuc.dll, so Qt would not load at all. Every converter fails to
 * open and none is listed: Qt then uses its own UTF-8/16/32 and Latin-1 codecs, which are all
 * the till uses. build-under-wine compiles this with mingw-w64 into the test prefix's system32
 * and checks that no icuuc.dll reaches the bundle or the installer.
 */
#include <stddef.h>
#include <stdint.h>

/* Found by installer/windows/check_stand_ins.py wherever a copy ends up (never in a bundle). */
__declspec(dllexport) const char cashier_wine_stand_in[] = "cashier-wine-stand-in";

typedef int UErrorCode;
typedef uint16_t UChar;
typedef int8_t UBool;
typedef struct UConverter UConverter;
typedef void *UConverterCallback;

enum { U_FILE_ACCESS_ERROR = 4 };

static void fail(UErrorCode *error) {
    if (error != NULL && *error <= 0) {
        *error = U_FILE_ACCESS_ERROR;
    }
}

#define EXPORT __declspec(dllexport)

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *error) {
    (void)name;
    fail(error);
    return NULL;
}
EXPORT void ucnv_close(UConverter *converter) { (void)converter; }
EXPORT void ucnv_reset(UConverter *converter) { (void)converter; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *converter) {
    (void)converter;
    return 1;
}
EXPORT const char *ucnv_getName(const UConverter *converter, UErrorCode *error) {
    (void)converter;
    fail(error);
    return NULL;
}
EXPORT void ucnv_getToUCallBack(const UConverter *converter, UConverterCallback *action, const void **context) {
    (void)converter;
    if (action != NULL) *action = NULL;
    if (context != NULL) *context = NULL;
}
EXPORT void ucnv_getFromUCallBack(const UConverter *converter, UConverterCallback *action, const void **context) {
    ucnv_getToUCallBack(converter, action, context);
}
EXPORT void ucnv_setToUCallBack(UConverter *converter, UConverterCallback action, const void *context,
                                UConverterCallback *old_action, const void **old_context, UErrorCode *error) {
    (void)action;
    (void)context;
    ucnv_getToUCallBack(converter, old_action, old_context);
    fail(error);
}
EXPORT void ucnv_setFromUCallBack(UConverter *converter, UConverterCallback action, const void *context,
                                  UConverterCallback *old_action, const void **old_context, UErrorCode *error) {
    ucnv_setToUCallBack(converter, action, context, old_action, old_context, error);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const UChar *source, int32_t length, int32_t offset, UErrorCode *error) {
    (void)args;
    (void)source;
    (void)length;
    (void)offset;
    fail(error);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const UChar **source, const UChar *limit, int32_t offset,
                                    UErrorCode *error) {
    (void)args;
    (void)source;
    (void)limit;
    (void)offset;
    fail(error);
}
EXPORT void ucnv_toUnicode(UConverter *converter, UChar **target, const UChar *target_limit, const char **source,
                           const char *source_limit, int32_t *offsets, UBool flush, UErrorCode *error) {
    (void)converter;
    (void)target;
    (void)target_limit;
    (void)source;
    (void)source_limit;
    (void)offsets;
    (void)flush;
    fail(error);
}
EXPORT void ucnv_fromUnicode(UConverter *converter, char **target, const char *target_limit, const UChar **source,
                             const UChar *source_limit, int32_t *offsets, UBool flush, UErrorCode *error) {
    (void)converter;
    (void)target;
    (void)target_limit;
    (void)source;
    (void)source_limit;
    (void)offsets;
    (void)flush;
    fail(error);
}
EXPORT int32_t ucnv_toUCountPending(const UConverter *converter, UErrorCode *error) {
    (void)converter;
    fail(error);
    return 0;
}
EXPORT int32_t ucnv_fromUCountPending(const UConverter *converter, UErrorCode *error) {
    return ucnv_toUCountPending(converter, error);
}
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *error) {
    (void)name;
    (void)standard;
    fail(error);
    return NULL;
}
EXPORT const char *ucnv_getAvailableName(int32_t index) {
    (void)index;
    return NULL;
}
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
