"""Stop words of the analysed languages: function words only (articles,
pronouns, prepositions, conjunctions, auxiliaries), written folded (no
accents, lower case) because they are compared with folded words.

Left out on purpose: words that are content words in another of the four
languages or common acronyms in research ('ai' in French, 'it' and 'us' in
English, 'man' and 'war' in
German, 'men' in Dutch, 'car' in French), since a query may be typed in any
language (see pipeline.py).
"""

STOP_WORDS: dict[str, frozenset[str]] = {
    "nl": frozenset("""
        aan al alle alles als altijd andere ben bij daar daarom dan dat de der
        deze die dit doch doen door dus een eens en er ge geen geweest haar had
        heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je
        kan kon kunnen maar me meer met mij mijn moet na naar niet niets nog nu
        of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw
        van veel voor want waren was wat we wel werd wie wij wil worden
        wordt zal ze zelf zich zij zijn zo zonder zou zouden waar waarin
        waarop waarbij waardoor hoewel tussen tijdens via volgens binnen
        buiten sinds sedert zoals zowel noch echter dus daardoor daarbij
        hierbij hierin hiervan ermee erin ervan erop elk elke ieder iedere
        welke welk zulke zulk enkele sommige beide jullie hen hare zijne
        onze jouw jij zullen zult kunt moeten mag mogen moest konden wilde
        werden geworden wordt opdat indien zodat nadat voordat terwijl
        """.split()),
    "en": frozenset("""
        a about above after again against all am an and any are as at be
        because been before being below between both but by could did do does
        doing down during each few for from further had has have having he her
        here hers herself him himself his how i if in into is its itself me
        more most my myself no nor not of off on once only or other our ours
        ourselves out over own same she should so some such than that the
        their theirs them themselves then there these they this those through
        to too under until up very was we were what when where which while
        whom why with would you your yours yourself yourselves can will shall
        may might must also via within without upon among amongst across
        along around towards toward onto per whether either neither yet
        though although unless since whose whoever whatever whichever
        therefore thus hence however moreover whereas otherwise
        """.split()),
    "fr": frozenset("""
        a au aux avec ce ces cet cette dans de des du elle elles en et eux il
        ils je la le les leur leurs lui ma mais me meme mes moi mon ne nos
        notre nous on ou par pas pour qu que qui sa se ses sur ta te tes toi
        ton tu un une vos votre vous c d j l m n s t y ete etee etees etes
        etant suis es est sommes sont serai sera serons seront serait seraient
        etais etait etions etaient fus fut furent sois soit soient avons avez
        ont aurai aura aurons auront aurait auraient avais avait avions
        avaient eut eurent aie aies ait ayons ayez aient ayant eu ceci cela
        celui celle ceux celles dont donc ni or lorsque puisque quand
        comme sans sous chez entre vers depuis pendant selon malgre parmi
        contre ainsi alors aussi tres plus moins tout tous toute toutes
        chaque autre autres lequel laquelle lesquels lesquelles auquel
        duquel desquels quel quelle quels quelles si ici la
        """.split()),
    "de": frozenset("""
        aber alle allem allen aller alles als also am an ander andere anderem
        anderen anderer anderes auch auf aus bei bin bis bist da damit dann
        das dass dein deine dem den denn der des dessen deren dich die dies
        diese diesem diesen dieser dieses dir doch dort du durch ein eine
        einem einen einer eines einig einige einigem einigen einiger er es
        etwas euch euer eure fur gegen gewesen hab habe haben hat hatte
        hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer
        ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem
        jenen jener jenes jetzt kann kein keine keinem keinen keiner keines
        konnen konnte mein meine mich mir mit muss musste nach nicht nichts
        noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines
        selbst sich sie sind so solche solchem solchen solcher soll sollte
        sondern sonst uber um und uns unser unsere unter viel vom von vor
        wahrend waren was weil welche welchem welchen welcher
        welches wenn werde werden wie wieder will wir wird wirst wo wollen
        wollte wurde wurden zu zum zur zwar zwischen sowie bzw beim seit
        wird worden
        """.split()),
}


def stop_words(language: str) -> frozenset[str]:
    """The folded stop words of a language; none for an unanalysed one."""
    return STOP_WORDS.get(language, frozenset())
