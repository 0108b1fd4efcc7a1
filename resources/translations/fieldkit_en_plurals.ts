<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Counted</name>
    <message numerus="yes">
        <location filename="../../fieldkit/gui/base/plurals.py" line="+18"/>
        <source>%n interview(s)</source>
        <translation>
            <numerusform>%n interview</numerusform>
            <numerusform>%n interviews</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>%n revision(s)</source>
        <translation>
            <numerusform>%n revision</numerusform>
            <numerusform>%n revisions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n row(s)</source>
        <translation>
            <numerusform>%n row</numerusform>
            <numerusform>%n rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n quote(s)</source>
        <translation>
            <numerusform>%n quote</numerusform>
            <numerusform>%n quotes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The check found %n problem(s). Restore the vault from a backup.</source>
        <translation>
            <numerusform>The check found %n problem. Restore the vault from a backup.</numerusform>
            <numerusform>The check found %n problems. Restore the vault from a backup.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n interview(s) are in bundle number {sequence}, written to {folder}. Take the file to HQ; they will send back a receipt.</source>
        <translation>
            <numerusform>%n interview is in bundle number {sequence}, written to {folder}. Take the file to HQ; they will send back a receipt.</numerusform>
            <numerusform>%n interviews are in bundle number {sequence}, written to {folder}. Take the file to HQ; they will send back a receipt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%n interview(s) were already confirmed by HQ.</source>
        <translation>
            <numerusform>%n interview was already confirmed by HQ.</numerusform>
            <numerusform>%n interviews were already confirmed by HQ.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n interview(s) were held back and stay on this computer. Click one to open it.</source>
        <translation>
            <numerusform>%n interview was held back and stays on this computer. Click it to open it.</numerusform>
            <numerusform>%n interviews were held back and stay on this computer. Click one to open it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>HQ confirmed receiving %n interview(s).</source>
        <translation>
            <numerusform>HQ confirmed receiving %n interview.</numerusform>
            <numerusform>HQ confirmed receiving %n interviews.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>With them go %n attachment(s) ({size}).</source>
        <translation>
            <numerusform>With them goes %n attachment ({size}).</numerusform>
            <numerusform>With them go %n attachments ({size}).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n attachment(s) stay on this computer: set to be kept here.</source>
        <translation>
            <numerusform>%n attachment stays on this computer: set to be kept here.</numerusform>
            <numerusform>%n attachments stay on this computer: set to be kept here.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>HQ confirmed holding %n attachment(s).</source>
        <translation>
            <numerusform>HQ confirmed holding %n attachment.</numerusform>
            <numerusform>HQ confirmed holding %n attachments.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n attachment(s) HQ holds were erased from here, with their originals.</source>
        <translation>
            <numerusform>%n attachment HQ holds was erased from here, with its original.</numerusform>
            <numerusform>%n attachments HQ holds were erased from here, with their originals.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n attachment(s) of those interviews stay here: kept here by choice, or HQ does not hold them as they are now.</source>
        <translation>
            <numerusform>%n attachment of those interviews stays here: kept here by choice, or HQ does not hold it as it is now.</numerusform>
            <numerusform>%n attachments of those interviews stay here: kept here by choice, or HQ does not hold them as they are now.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>The quotes and notes of %n interview(s) were removed from here.</source>
        <translation>
            <numerusform>The quotes and notes of %n interview were removed from here.</numerusform>
            <numerusform>The quotes and notes of %n interviews were removed from here.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n interview(s) changed after they were sent; they go with the next export.</source>
        <translation>
            <numerusform>%n interview changed after it was sent; it goes with the next export.</numerusform>
            <numerusform>%n interviews changed after they were sent; they go with the next export.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>HQ holds %n interview(s) for review because they disagree with a version it already has.</source>
        <translation>
            <numerusform>HQ holds %n interview for review because it disagrees with a version it already has.</numerusform>
            <numerusform>HQ holds %n interviews for review because they disagree with a version it already has.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-78"/>
        <source>%n kit(s) enrolled</source>
        <translation>
            <numerusform>%n kit enrolled</numerusform>
            <numerusform>%n kits enrolled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>⚠ %n identifying detail(s) nobody reviewed</source>
        <translation>
            <numerusform>⚠ %n identifying detail nobody reviewed</numerusform>
            <numerusform>⚠ %n identifying details nobody reviewed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n interview(s) not confirmed by HQ have no backup yet: Vault → Back up…</source>
        <translation>
            <numerusform>%n interview not confirmed by HQ has no backup yet: Vault → Back up…</numerusform>
            <numerusform>%n interviews not confirmed by HQ have no backup yet: Vault → Back up…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-11"/>
        <source>%n identifying detail(s) to review</source>
        <translation>
            <numerusform>%n identifying detail to review</numerusform>
            <numerusform>%n identifying details to review</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="-8"/>
        <source>%n interview(s) will go in this bundle.</source>
        <translation>
            <numerusform>%n interview will go in this bundle.</numerusform>
            <numerusform>%n interviews will go in this bundle.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n more interview(s) do not fit in one bundle: the next export sends them.</source>
        <translation>
            <numerusform>%n more interview does not fit in one bundle: the next export sends it.</numerusform>
            <numerusform>%n more interviews do not fit in one bundle: the next export sends them.</numerusform>
        </translation>
    </message>
</context>
</TS>
