; Click-to-call on Windows (ADR 0033), included by electron-builder (nsis.include in electron-builder.yml).
; Windows lets the user, not an installer, choose the app for tel: and sip: (Settings > Default apps >
; by protocol). So the installer writes a ProgID per scheme with the command that opens Frontline with
; the link as its argument, and declares them as Frontline's Capabilities (URLAssociations) under
; RegisteredApplications: Frontline is then offered for tel:/sip:/sips:. Its own frontline: scheme is
; registered directly. SHCTX follows the install mode (HKCU per user, HKLM per machine).

!macro frontlineUrlProgId SCHEME DESCRIPTION
  WriteRegStr SHCTX "Software\Classes\Frontline.${SCHEME}" "" "${DESCRIPTION}"
  WriteRegStr SHCTX "Software\Classes\Frontline.${SCHEME}" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\Frontline.${SCHEME}\DefaultIcon" "" "$\"$INSTDIR\${APP_EXECUTABLE_FILENAME}$\",0"
  WriteRegStr SHCTX "Software\Classes\Frontline.${SCHEME}\shell\open\command" "" "$\"$INSTDIR\${APP_EXECUTABLE_FILENAME}$\" $\"%1$\""
  WriteRegStr SHCTX "Software\Frontline\Capabilities\URLAssociations" "${SCHEME}" "Frontline.${SCHEME}"
!macroend

!macro customInstall
  WriteRegStr SHCTX "Software\Frontline\Capabilities" "ApplicationName" "Frontline"
  WriteRegStr SHCTX "Software\Frontline\Capabilities" "ApplicationDescription" "Call-centre desktop: calls tel: and sip: links after you confirm the number."
  !insertmacro frontlineUrlProgId "tel" "URL:Telephone number"
  !insertmacro frontlineUrlProgId "sip" "URL:SIP address"
  !insertmacro frontlineUrlProgId "sips" "URL:SIP address (TLS)"
  WriteRegStr SHCTX "Software\RegisteredApplications" "Frontline" "Software\Frontline\Capabilities"
  WriteRegStr SHCTX "Software\Classes\frontline" "" "URL:Frontline link"
  WriteRegStr SHCTX "Software\Classes\frontline" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\frontline\shell\open\command" "" "$\"$INSTDIR\${APP_EXECUTABLE_FILENAME}$\" $\"%1$\""
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\Frontline.tel"
  DeleteRegKey SHCTX "Software\Classes\Frontline.sip"
  DeleteRegKey SHCTX "Software\Classes\Frontline.sips"
  DeleteRegKey SHCTX "Software\Classes\frontline"
  DeleteRegValue SHCTX "Software\RegisteredApplications" "Frontline"
  DeleteRegKey SHCTX "Software\Frontline\Capabilities"
!macroend
