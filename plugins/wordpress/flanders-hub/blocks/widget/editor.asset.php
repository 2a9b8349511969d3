<?php
/**
 * Dependencies of editor.js (written by hand: the editor script needs no build step).
 *
 * @package FlandersHub
 */

return array(
	'dependencies' => array( 'wp-block-editor', 'wp-blocks', 'wp-components', 'wp-element', 'wp-i18n', 'wp-server-side-render' ),
	'version'      => '1.0.0',
);
